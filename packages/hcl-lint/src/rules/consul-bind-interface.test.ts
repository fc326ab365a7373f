import { ruleTester } from "../testing/rule-tester.js";
import rule from "./consul-bind-interface.js";

const image = (name: string) => `resource "docker_image" "consul" {\n  name = "${name}"\n}\n`;

ruleTester(rule, {
  valid: [
    {
      name: "tutorial container with eth0",
      code: `${image("consul:latest")}resource "docker_container" "ring" {\n  image = docker_image.consul.image_id\n  name  = "ring"\n  env   = ["CONSUL_BIND_INTERFACE=eth0"]\n}\n`,
    },
    {
      name: "hashicorp/consul from another registry with a digest, env through a variable default",
      code: `variable "iface" {\n  default = "eth0"\n}\n${image("registry.example.com:5000/hashicorp/consul@sha256:abc")}resource "docker_container" "ring" {\n  image = docker_image.consul.image_id\n  env   = ["A=b", "CONSUL_BIND_INTERFACE=\${var.iface}"]\n}\n`,
    },
    {
      name: "not a Consul image",
      code: `${image("cassandra:4.1")}resource "docker_container" "store" {\n  image = docker_image.consul.image_id\n}\n`,
    },
    {
      name: "consul-esm is a different image",
      code: `resource "docker_container" "esm" {\n  image = "hashicorp/consul-esm:0.7"\n}\n`,
    },
    {
      name: "image unknown before apply (count.index)",
      code: `resource "docker_container" "ring" {\n  image = "consul:\${count.index}"\n}\n`,
    },
    {
      name: "an env entry that cannot be evaluated may be the one",
      code: `${image("consul:1.15")}resource "docker_container" "ring" {\n  image = docker_image.consul.image_id\n  env   = [var.bind]\n}\n`,
    },
    {
      name: "env from an undeclared variable",
      code: `${image("consul:1.15")}resource "docker_container" "ring" {\n  image = docker_image.consul.image_id\n  env   = var.env\n}\n`,
    },
    {
      name: "explicit -bind in the command",
      code: `${image("consul:1.15")}resource "docker_container" "ring" {\n  image   = docker_image.consul.image_id\n  command = ["agent", "-dev", "-bind=10.0.0.2"]\n}\n`,
    },
    {
      name: "configured interface",
      options: { interface: "eth1" },
      code: `resource "docker_container" "ring" {\n  image = "consul:1.15"\n  env   = ["CONSUL_BIND_INTERFACE=eth1"]\n}\n`,
    },
    {
      name: "value from a tfvars file",
      vars: { iface: "eth0" },
      code: `variable "iface" {}\nresource "docker_container" "ring" {\n  image = "consul:1.15"\n  env   = ["CONSUL_BIND_INTERFACE=\${var.iface}"]\n}\n`,
    },
  ],
  invalid: [
    {
      name: "no env at all: reported at the block header",
      code: `${image("consul:latest")}\nresource "docker_container" "ring" {\n  image = docker_image.consul.image_id\n}\n`,
      errors: [{ messageId: "missing", line: 5, column: 1, endLine: 5, endColumn: 35, message: "docker_container.ring does not set CONSUL_BIND_INTERFACE=eth0" }],
    },
    {
      name: "env without the variable",
      code: `resource "docker_container" "ring" {\n  image = "hashicorp/consul:1.16.0"\n  env   = ["CONSUL_CLIENT_INTERFACE=eth0"]\n}\n`,
      errors: [{ messageId: "missing", line: 1, column: 1 }],
    },
    {
      name: "wrong interface: reported at the env entry",
      code: `${image("docker.io/library/consul:1.15.4")}resource "docker_container" "ring" {\n  image = docker_image.consul.image_id\n  env = [\n    "A=b",\n    "CONSUL_BIND_INTERFACE=eth1",\n  ]\n}\n`,
      errors: [{ messageId: "wrong", line: 8, column: 5, endLine: 8, endColumn: 33, message: "sets CONSUL_BIND_INTERFACE=eth1; the cluster network is eth0" }],
    },
    {
      name: "wrong interface through a variable default, reported at the entry",
      code: `variable "iface" {\n  default = "lo"\n}\nresource "docker_container" "ring" {\n  image = "consul:1.15"\n  env   = ["CONSUL_BIND_INTERFACE=\${var.iface}"]\n}\n`,
      errors: [{ messageId: "wrong", line: 6, column: 12 }],
    },
    {
      name: "image name from a local; container in another file",
      code: {
        "images.tf": `locals {\n  consul = "hashicorp/consul"\n}\nresource "docker_image" "consul" {\n  name = "\${local.consul}:1.16.0"\n}\n`,
        "ring.tf": `resource "docker_container" "ring" {\n  image = docker_image.consul.image_id\n}\n`,
      },
      errors: [{ messageId: "missing", file: "ring.tf", line: 1, column: 1 }],
    },
    {
      name: "configured interface differs",
      options: { interface: "eth1" },
      code: `resource "docker_container" "ring" {\n  image = "consul:1.15"\n  env   = ["CONSUL_BIND_INTERFACE=eth0"]\n}\n`,
      errors: [{ messageId: "wrong", line: 3, column: 12 }],
    },
    { name: "JSON syntax (.tf.json): at the env element", code: { "main.tf.json": `{\n  "resource": {\n    "docker_image": { "consul": { "name": "hashicorp/consul:1.14.11" } },\n    "docker_container": {\n      "ring": {\n        "image": "\${docker_image.consul.image_id}",\n        "env": ["CONSUL_BIND_INTERFACE=eth1"]\n      }\n    }\n  }\n}\n` }, errors: [{ messageId: "wrong", file: "main.tf.json", line: 7, column: 17, endLine: 7, endColumn: 45 }] },
  ],
});
