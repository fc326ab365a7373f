import { ruleTester } from "../testing/rule-tester.js";
import rule from "./consul-port-exposure.js";

const consul = (body: string) => `resource "docker_container" "ring" {\n  image = "hashicorp/consul:1.16.0"\n  env   = ["CONSUL_BIND_INTERFACE=eth0"]\n${body}}\n`;
const ports = (lines: string) => `  ports {\n${lines}  }\n`;

ruleTester(rule, {
  valid: [
    { name: "loopback only (infra/ does this)", code: consul(ports(`    internal = 8500\n    external = 8500\n    ip       = "127.0.0.1"\n`)) },
    { name: "a specific LAN address is a deliberate choice", code: consul(ports(`    internal = 8500\n    ip       = "10.0.0.5"\n`)) },
    { name: "DNS port is not the API", code: consul(ports(`    internal = 8600\n`)) },
    { name: "no ports published", code: consul("") },
    { name: "not Consul", code: `resource "docker_container" "c" {\n  image = "cassandra:4.1"\n  ports {\n    internal = 8500\n  }\n}\n` },
    {
      name: "ACLs on with default deny",
      code: `resource "docker_container" "ring" {\n  image = "consul:1.15"\n  env   = ["CONSUL_LOCAL_CONFIG={\\"acl\\": {\\"enabled\\": true, \\"default_policy\\": \\"deny\\"}}"]\n  ports {\n    internal = 8500\n  }\n}\n`,
    },
    { name: "config mounted where the linter cannot see", code: consul(`  volumes {\n    host_path      = "/etc/consul"\n    container_path = "/consul/config"\n  }\n${ports("    internal = 8500\n")}`) },
    { name: "-config-file in the command", code: consul(`  command = ["agent", "-config-file=/c.hcl"]\n${ports("    internal = 8500\n")}`) },
    { name: "internal port unknown", code: consul(ports("    internal = var.port\n")) },
    { name: "ip unknown", code: consul(ports("    internal = 8500\n    ip       = var.ip\n")) },
  ],
  invalid: [
    {
      name: "no ip: Docker publishes on every interface; at the ports block",
      code: consul(ports(`    internal = 8500\n    external = 8500\n`)),
      errors: [{ messageId: "exposed", line: 4, column: 3, endLine: 4, endColumn: 8, message: "port 8500" }],
    },
    {
      name: "0.0.0.0 and :: at the ip value; ACLs enabled with default allow do not count",
      code: `resource "docker_container" "ring" {\n  image = "consul:1.15"\n  env   = ["CONSUL_LOCAL_CONFIG={\\"acl\\": {\\"enabled\\": true}}"]\n  ports {\n    internal = 8500\n    ip       = "0.0.0.0"\n  }\n  ports {\n    internal = 8501\n    ip       = "::"\n  }\n}\n`,
      errors: [
        { messageId: "exposed", line: 6, column: 16, endLine: 6, endColumn: 25 },
        { messageId: "exposed", line: 10, column: 16 },
      ],
    },
    {
      name: "configured ports",
      options: { ports: [8502] },
      code: consul(ports(`    internal = 8502\n`) + ports(`    internal = 8500\n`)),
      errors: [{ messageId: "exposed", line: 4, column: 3 }],
    },
    { name: "JSON syntax (.tf.json)", code: { "main.tf.json": `{\n  "resource": {\n    "docker_container": {\n      "ring": {\n        "image": "hashicorp/consul:1.16.0",\n        "ports": { "internal": 8500, "external": 8500 }\n      }\n    }\n  }\n}\n` }, errors: [{ messageId: "exposed", file: "main.tf.json", line: 6, column: 9 }] },
  ],
});
