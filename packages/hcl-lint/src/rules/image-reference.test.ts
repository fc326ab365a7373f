import { ruleTester } from "../testing/rule-tester.js";
import rule from "./image-reference.js";

const image = `resource "docker_image" "consul" {\n  name = "hashicorp/consul:1.16.0"\n}\n`;

ruleTester(rule, {
  valid: [
    { name: "image_id", code: `${image}resource "docker_container" "c" {\n  image = docker_image.consul.image_id\n}\n` },
    {
      name: "image_id with count, image in another file",
      code: {
        "images.tf": `resource "docker_image" "store" {\n  count = 1\n  name  = "cassandra:4.1"\n}\n`,
        "store.tf": `resource "docker_container" "s" {\n  image = docker_image.store[0].image_id\n}\n`,
      },
    },
    { name: "unknown image (conditional)", code: `resource "docker_container" "c" {\n  image = var.a ? "x" : "y"\n}\n` },
    { name: "data source or module output", code: `resource "docker_container" "c" {\n  image = data.docker_image.x.repo_digest\n}\nresource "docker_container" "d" {\n  image = module.images.consul\n}\n` },
    { name: "no image attribute", code: `resource "docker_container" "c" {\n  name = "c"\n}\n` },
  ],
  invalid: [
    {
      name: "tutorial's .latest: fixed to .image_id, nothing else touched",
      code: `${image}\nresource "docker_container" "cortex-cluster-hash-ring" {\n  image = docker_image.consul.latest   # keep this comment\n  name  = "cortex-cluster-hash-ring"\n}\n`,
      errors: [{ messageId: "latest", line: 6, column: 11, endLine: 6, endColumn: 37, message: "use docker_image.consul.image_id" }],
      output: `${image}\nresource "docker_container" "cortex-cluster-hash-ring" {\n  image = docker_image.consul.image_id   # keep this comment\n  name  = "cortex-cluster-hash-ring"\n}\n`,
    },
    {
      name: ".latest with an index and CRLF line endings",
      code: `resource "docker_image" "i" {\r\n  count = 1\r\n  name = "x:1"\r\n}\r\nresource "docker_container" "c" {\r\n  image = docker_image.i[0].latest\r\n}\r\n`,
      errors: [{ messageId: "latest", line: 6, column: 11 }],
      output: `resource "docker_image" "i" {\r\n  count = 1\r\n  name = "x:1"\r\n}\r\nresource "docker_container" "c" {\r\n  image = docker_image.i[0].image_id\r\n}\r\n`,
    },
    {
      name: ".latest inside an interpolation is fixed too",
      code: `${image}resource "docker_container" "c" {\n  image = "\${docker_image.consul.latest}"\n}\n`,
      errors: [{ messageId: "latest", line: 5, column: 11 }],
      output: `${image}resource "docker_container" "c" {\n  image = "\${docker_image.consul.image_id}"\n}\n`,
    },
    {
      name: ".latest through a local: reported, not fixable at the use",
      code: `${image}locals {\n  id = docker_image.consul.latest\n}\nresource "docker_container" "c" {\n  image = local.id\n}\n`,
      errors: [{ messageId: "latest", line: 8, column: 11 }],
    },
    {
      name: "raw image string",
      code: `resource "docker_container" "c" {\n  image = "consul:latest"\n}\n`,
      errors: [{ messageId: "raw", line: 2, column: 11, endLine: 2, endColumn: 26, message: 'image is the string "consul:latest"' }],
    },
    {
      name: "raw image string through a variable",
      code: `variable "image" {\n  default = "consul:1.15"\n}\nresource "docker_container" "c" {\n  image = var.image\n}\n`,
      errors: [{ messageId: "raw", line: 5, column: 11 }],
    },
    {
      name: "other attributes, undeclared image, not an image",
      code: `${image}resource "docker_container" "a" {\n  image = docker_image.consul.name\n}\nresource "docker_container" "b" {\n  image = docker_image.nope.image_id\n}\nresource "docker_container" "c" {\n  image = docker_registry_image.x.sha256_digest\n}\n`,
      errors: [
        { messageId: "attribute", line: 5, column: 11 },
        { messageId: "undeclared", line: 8, column: 11 },
        { messageId: "notImage", line: 11, column: 11 },
      ],
    },
    {
      name: "JSON syntax (.tf.json): fixed inside the string",
      code: { "main.tf.json": `{\n  "resource": {\n    "docker_image": { "consul": { "name": "hashicorp/consul:1.16.0" } },\n    "docker_container": { "ring": { "image": "\${docker_image.consul.latest}" } }\n  }\n}\n` },
      errors: [{ messageId: "latest", file: "main.tf.json", line: 4, column: 46 }],
      output: { "main.tf.json": `{\n  "resource": {\n    "docker_image": { "consul": { "name": "hashicorp/consul:1.16.0" } },\n    "docker_container": { "ring": { "image": "\${docker_image.consul.image_id}" } }\n  }\n}\n` },
    },
  ],
});
