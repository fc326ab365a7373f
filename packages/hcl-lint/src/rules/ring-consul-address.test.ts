import { component, CORTEX_YAML, cortexModule, INGESTERS } from "../../test/cortex.js";
import { ruleTester } from "../testing/rule-tester.js";
import rule from "./ring-consul-address.js";

const ring = `resource "docker_container" "ring" {\n  name  = "cortex-cluster-hash-ring"\n  image = "hashicorp/consul:1.16.0"\n}\n`;
const cortex = (command: string) => `resource "docker_container" "cortex" {\n  name    = "cortex-1"\n  image   = "quay.io/cortexproject/cortex:v1.18.1"\n  command = ${command}\n}\n`;
const byFlag = (flags: string[] = []) => ["-ring.store=consul", "-consul.hostname=${local.consul_address}", ...flags];
const store = `resource "docker_container" "store" {\n  name  = "cortex-cluster-store"\n  image = "cassandra:5.0.9"\n}\n`;

ruleTester(rule, {
  valid: [
    { name: "by reference to the Consul container", code: ring + cortex(`["-ring.store=consul", "-consul.hostname=\${docker_container.ring.name}:8500"]`) },
    { name: "by name", code: ring + cortex(`["-consul.hostname=cortex-cluster-hash-ring:8500"]`) },
    { name: "per-ring flag, value as the next argument", code: ring + cortex(`["-consul.hostname=cortex-cluster-hash-ring:8500", "-distributor.ring.consul.hostname", "cortex-cluster-hash-ring:8500"]`) },
    {
      name: "a network alias",
      code: `resource "docker_container" "ring" {\n  name  = "r"\n  image = "consul:1.15"\n  networks_advanced {\n    name    = "n"\n    aliases = ["consul"]\n  }\n}\n${cortex(`["--consul.hostname=consul:8500"]`)}`,
    },
    { name: "an IP address", code: cortex(`["-consul.hostname=10.0.0.3:8500", "-ruler.ring.consul.hostname=10.0.0.3:8500"]`) },
    { name: "localhost", code: cortex(`["-consul.hostname=localhost:8500"]`) },
    { name: "a container whose name is unknown could be it", code: `resource "docker_container" "x" {\n  name  = var.name\n  image = "consul:1.15"\n}\n${cortex(`["-consul.hostname=somewhere:8500"]`)}` },
    { name: "unknown host", code: ring + cortex(`["-consul.hostname=\${var.host}:8500"]`) },
    { name: "not a Cortex container", code: `resource "docker_container" "x" {\n  image   = "busybox:1"\n  command = ["-consul.hostname=nowhere:8500"]\n}\n` },
    { name: "infra/cortex.tf's shape: one referenced address in the flags and the rendered YAML", code: cortexModule([component("distributor", { flags: byFlag() }), component("ingester", { count: "var.ingester_count", flags: byFlag() }), component("querier", { flags: byFlag() })]) },
    { name: "the rings only in the rendered YAML", code: cortexModule([component("distributor"), INGESTERS, component("querier")]) },
    { name: "a component without the YAML names the address by flag", code: cortexModule([component("distributor"), INGESTERS, component("querier", { content: null, flags: byFlag() })]) },
    { name: "a ring kept outside Consul is ring-store's to judge", code: cortexModule([component("distributor"), INGESTERS], CORTEX_YAML.replace("store: consul\n      consul:\n        host: ${consul_address}", "store: etcd")) },
    { name: "a command known only at apply is not judged", code: cortexModule([component("distributor"), INGESTERS, component("querier", { content: null }).replace(/command = \[[^\]]*\]/, "command = var.querier_flags")]) },
    { name: "the YAML from a volume is not judged", code: cortexModule([component("distributor"), INGESTERS, component("querier", { content: null, flags: ["-config.file=/etc/cortex/cortex.yaml"] })]) },
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
      code: `${store}${cortex(`["-consul.hostname", "cortex-cluster-store:8500"]`)}`,
      errors: [{ messageId: "notConsul", line: 8, column: 34 }],
    },
    {
      name: "configured Cortex images",
      options: { images: ["grafana/mimir"] },
      code: `resource "docker_container" "m" {\n  name    = "mimir"\n  image   = "grafana/mimir:2.14.0"\n  command = ["-ingester.ring.consul.hostname=nowhere:8500"]\n}\n`,
      errors: [{ messageId: "unknownHost", line: 4, column: 14 }],
    },
    { name: "JSON syntax (.tf.json)", code: { "main.tf.json": `{\n  "resource": {\n    "docker_container": {\n      "ring": { "name": "cortex-cluster-hash-ring", "image": "hashicorp/consul:1.16.0" },\n      "cortex": { "name": "cortex-1", "image": "cortexproject/cortex:v1.18.1", "command": ["-consul.hostname=consul-typo:8500"] }\n    }\n  }\n}\n` }, errors: [{ messageId: "unknownHost", file: "main.tf.json", line: 5, column: 92 }] },
    {
      name: "a second Consul address typed by hand in one component's flag",
      code: cortexModule([component("distributor"), INGESTERS, component("querier", { flags: ["-consul.hostname=cortex-cluster-hash-ring:8500"] })]),
      errors: [{ messageId: "typedName", file: "cortex.tf", line: 51, column: 5, message: '-consul.hostname types the name of docker_container.hash-ring ("cortex-cluster-hash-ring:8500")' }],
    },
    {
      name: "the template types the address for one ring: at the templatefile() that renders it",
      code: cortexModule([component("distributor"), INGESTERS], CORTEX_YAML.replace(/host: \$\{consul_address\}\n$/, "host: cortex-cluster-hash-ring:8500\n")),
      errors: [{ messageId: "typedName", file: "cortex.tf", line: 3, column: 19, message: "distributor.ring.kvstore.consul.host at cortex.yaml.tftpl:16 types the name" }],
    },
    {
      name: "another port: a second Consul",
      code: cortexModule([component("distributor"), INGESTERS, component("querier", { flags: ["-consul.hostname=${docker_container.hash-ring.name}:8501"] })]),
      errors: [{ messageId: "otherAddress", file: "cortex.tf", line: 51, column: 5, message: "puts the ingester ring in the Consul at ${docker_container.hash-ring.name}:8501" }],
    },
    {
      name: "a component with neither the flag nor the YAML looks for its ring at localhost",
      code: cortexModule([component("distributor"), INGESTERS, component("querier", { content: null })]),
      errors: [{ messageId: "noAddress", file: "cortex.tf", line: 48, column: 13, message: "docker_container.querier gives the ingester ring no Consul address (no -consul.hostname, no -config.file)" }],
    },
    {
      name: "the YAML names a container that is not Consul",
      code: { ...cortexModule([component("distributor"), INGESTERS], CORTEX_YAML.replaceAll("${consul_address}", "cortex-cluster-store:8500")), "store.tf": store },
      errors: [
        { messageId: "notConsul", file: "cortex.tf", line: 3, column: 19, message: "ingester.lifecycler.ring.kvstore.consul.host at cortex.yaml.tftpl:8 points at docker_container.store" },
        { messageId: "notConsul", file: "cortex.tf", line: 3, column: 19, message: "distributor.ring.kvstore.consul.host at cortex.yaml.tftpl:16 points at docker_container.store" },
      ],
    },
    {
      name: "the YAML names a host no container has",
      code: cortexModule([component("distributor"), INGESTERS], CORTEX_YAML.replaceAll("${consul_address}", "consul:8500")),
      errors: [
        { messageId: "unknownHost", file: "cortex.tf", line: 3, column: 19, message: 'ingester.lifecycler.ring.kvstore.consul.host at cortex.yaml.tftpl:8 names "consul"' },
        { messageId: "unknownHost", file: "cortex.tf", line: 3, column: 19, message: 'distributor.ring.kvstore.consul.host at cortex.yaml.tftpl:16 names "consul"' },
      ],
    },
    {
      name: "counted ingesters with a typed address: one finding, not one per ingester",
      code: cortexModule([component("distributor"), component("ingester", { count: "var.ingester_count", flags: ["-consul.hostname=cortex-cluster-hash-ring:8500"] })]),
      errors: [{ messageId: "typedName", file: "cortex.tf", line: 37, column: 5, endLine: 37, endColumn: 53 }],
    },
  ],
});
