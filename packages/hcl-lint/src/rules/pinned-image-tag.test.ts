import { ruleTester } from "../testing/rule-tester.js";
import rule from "./pinned-image-tag.js";

const image = (name: string) => `resource "docker_image" "i" {\n  name         = ${name}\n  keep_locally = false\n}\n`;

ruleTester(rule, {
  valid: [
    { name: "version tag", code: image(`"hashicorp/consul:1.16.0"`) },
    { name: "digest without tag", code: image(`"consul@sha256:0123abcd"`) },
    { name: "latest pinned by digest", code: image(`"consul:latest@sha256:0123abcd"`) },
    { name: "registry with a port and a tag", code: image(`"localhost:5000/cortexproject/cortex:v1.18.1"`) },
    { name: "tag from a variable default", code: `variable "v" {\n  default = "1.15.4"\n}\n${image(`"consul:\${var.v}"`)}` },
    { name: "unknown tag", code: image(`"consul:\${data.external.v.result}"`) },
    { name: "containers are not images", code: `resource "docker_container" "c" {\n  image = "consul:latest"\n}\n` },
  ],
  invalid: [
    {
      name: "tutorial consul:latest, at the name value",
      code: image(`"consul:latest"`),
      errors: [{ messageId: "latest", line: 2, column: 18, endLine: 2, endColumn: 33, message: 'Image "consul:latest" is tagged latest' }],
    },
    { name: "no tag", code: image(`"cassandra"`), errors: [{ messageId: "untagged", line: 2, column: 18 }] },
    { name: "registry port is not a tag", code: image(`"localhost:5000/consul"`), errors: [{ messageId: "untagged", line: 2, column: 18 }] },
    {
      name: "latest through a variable default, two images in two files",
      code: {
        "a.tf": `variable "img" {\n  default = "cassandra:latest"\n}\n${image("var.img")}`,
        "b.tf": image(`"quay.io/cortexproject/cortex:latest"`),
      },
      errors: [
        { messageId: "latest", file: "a.tf", line: 5, column: 18 },
        { messageId: "latest", file: "b.tf", line: 2, column: 18 },
      ],
    },
    { name: "JSON syntax (.tf.json)", code: { "images.tf.json": `{ "resource": { "docker_image": { "i": { "name": "consul:latest", "keep_locally": false } } } }\n` }, errors: [{ messageId: "latest", file: "images.tf.json", line: 1, column: 50 }] },
  ],
});
