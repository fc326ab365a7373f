import { ruleTester } from "../testing/rule-tester.js";
import rule from "./ring-consul-address.js";

const ring = `resource "docker_container" "ring" {\n  name  = "cortex-cluster-hash-ring"\n  image = "hashicorp/consul:1.16.0"\n}\n`;
const cortex = (command: string) => `resource "docker_container" "cortex" {\n  name    = "cortex-1"\n  image   = "quay.io/cortexproject/cortex:v1.18.1"\n  command = ${command}\n}\n`;

ruleTester(rule, {
  valid: [
    { name: "by reference to the Consul container", code: ring + cortex(`["-ring.store=consul", "-consul.hostname=\${docker_container.ring.name}:8500"]`) },
    { name: "by name", code: ring + cortex(`["-consul.hostname=cortex-cluster-hash-ring:8500"]`) },
    { name: "per-ring flag, value as the next argument", code: ring + cortex(`["-distributor.ring.consul.hostname", "cortex-cluster-hash-ring:8500"]`) },
    {
      name: "a network alias",
      code: `resource "docker_container" "ring" {\n  name  = "r"\n  image = "consul:1.15"\n  networks_advanced {\n    name    = "n"\n    aliases = ["consul"]\n  }\n}\n${cortex(`["--consul.hostname=consul:8500"]`)}`,
    },
    { name: "an IP address or localhost", code: cortex(`["-consul.hostname=10.0.0.3:8500", "-ruler.ring.consul.hostname=localhost:8500"]`) },
    { name: "a container whose name is unknown could be it", code: `resource "docker_container" "x" {\n  name  = var.name\n  image = "consul:1.15"\n}\n${cortex(`["-consul.hostname=somewhere:8500"]`)}` },
    { name: "unknown host", code: ring + cortex(`["-consul.hostname=\${var.host}:8500"]`) },
    { name: "not a Cortex container", code: `resource "docker_container" "x" {\n  image   = "busybox:1"\n  command = ["-consul.hostname=nowhere:8500"]\n}\n` },
  ],
  invalid: [
    {
      name: "a name no container has: at the argument",
      code: ring + cortex(`[\n    "-ring.store=consul",\n    "-consul.hostname=consul:8500",\n  ]`),
      errors: [{ messageId: "unknownHost", line: 10, column: 5, endLine: 10, endColumn: 35, message: '-consul.hostname names "consul"' }],
    },
    {
      name: "reference to an undeclared container",
      code: cortex(`["-consul.hostname=\${docker_container.hash-ring.name}:8500"]`),
      errors: [{ messageId: "undeclared", line: 4, column: 14 }],
    },
    {
      name: "points at a container that is not Consul (value as the next argument)",
      code: `resource "docker_container" "store" {\n  name  = "cortex-cluster-store"\n  image = "cassandra:4.1"\n}\n${cortex(`["-consul.hostname", "cortex-cluster-store:8500"]`)}`,
      errors: [{ messageId: "notConsul", line: 8, column: 34 }],
    },
    {
      name: "configured Cortex images",
      options: { images: ["grafana/mimir"] },
      code: `resource "docker_container" "m" {\n  name    = "mimir"\n  image   = "grafana/mimir:2.14.0"\n  command = ["-ingester.ring.consul.hostname=nowhere:8500"]\n}\n`,
      errors: [{ messageId: "unknownHost", line: 4, column: 14 }],
    },
    { name: "JSON syntax (.tf.json)", code: { "main.tf.json": `{\n  "resource": {\n    "docker_container": {\n      "ring": { "name": "cortex-cluster-hash-ring", "image": "hashicorp/consul:1.16.0" },\n      "cortex": { "name": "cortex-1", "image": "cortexproject/cortex:v1.18.1", "command": ["-consul.hostname=consul-typo:8500"] }\n    }\n  }\n}\n` }, errors: [{ messageId: "unknownHost", file: "main.tf.json", line: 5, column: 92 }] },
  ],
});
