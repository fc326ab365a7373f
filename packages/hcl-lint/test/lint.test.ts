import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HclLintUsageError, lint, type LintResult } from "../src/index.js";
import { component, cortexModule, CORTEX_YAML, INGESTERS } from "./cortex.js";
import { NETWORK, PROVIDER, STORE, scratch } from "./helpers.js";

const summary = (results: LintResult[], root: string) =>
  results.flatMap((result) => result.messages.map((message) => `${path.relative(root, result.filePath)}:${message.line}:${message.column} ${message.ruleId ?? "fatal"}`));

describe("modules", () => {
  it("a directory is one module: ring.tf's reference to network.tf resolves", async () => {
    const root = await scratch({ "network.tf": NETWORK, "provider.tf": PROVIDER, "store.tf": STORE });
    expect(summary(await lint([root]), root)).toEqual([]);
  });

  it("two directories are two modules: a network declared in one does not satisfy the other", async () => {
    // b's store references the network only a declares; c holds the same store beside its own network (the control).
    const root = await scratch({ "a/network.tf": PROVIDER + NETWORK, "b/store.tf": PROVIDER + STORE, "c/network.tf": PROVIDER + NETWORK, "c/store.tf": STORE });
    const results = await lint(["a", "b", "c"].map((dir) => path.join(root, dir)));
    expect(summary(results, root)).toEqual(["b/store.tf:17:12 network-attachment"]);
    expect(results.find((result) => result.filePath.endsWith("b/store.tf"))?.messages[0]?.message).toContain('no docker_network "cortex-cluster" is declared in this module');
  });

  it("a file is linted with its directory, but only its own findings are reported", async () => {
    const root = await scratch({ "network.tf": `${NETWORK}resource "docker_image" "x" {\n  name = "x:latest"\n}\n`, "provider.tf": PROVIDER, "store.tf": STORE });
    const results = await lint(["store.tf"], { cwd: root });
    expect(results.map((result) => path.basename(result.filePath))).toEqual(["store.tf"]);
    expect(summary(results, root)).toEqual([]);
    expect(summary(await lint([root]), root)).toEqual(["network.tf:5:10 pinned-image-tag"]);
  });

  // The Cortex case tables' modules, with the rules they do not satisfy (they leave out the network and provider) off.
  const cortexRulesOnly = { rules: { "network-attachment": "off", "required-provider": "off", "image-reference": "off", "consul-bind-interface": "off" } } as const;

  it("a template (.tftpl) stands for the module that renders it: every finding of that module is reported", async () => {
    // The ingester ring kept in memory by the YAML: ring-store reports it at the templatefile() call in cortex.tf.
    const module = cortexModule([component("distributor"), INGESTERS]);
    const root = await scratch({ ...module, "cortex.yaml.tftpl": CORTEX_YAML.replace("store: consul", "store: inmemory"), "extra.tf": 'resource "docker_image" "x" {\n  name = "x:latest"\n}\n' });
    const results = await lint(["cortex.yaml.tftpl"], { cwd: root, ...cortexRulesOnly });
    expect(summary(results, root)).toEqual(["cortex.tf:3:19 ring-store", "extra.tf:2:10 pinned-image-tag"]);
    expect(results.map((result) => path.basename(result.filePath))).toEqual(["cortex.tf", "extra.tf", "ring.tf"]);
    // With a staged .tf file of the same module (as pre-commit passes both), still the whole module.
    expect(summary(await lint(["extra.tf", "cortex.yaml.tftpl"], { cwd: root, ...cortexRulesOnly }), root)).toEqual(["cortex.tf:3:19 ring-store", "extra.tf:2:10 pinned-image-tag"]);
  });

  it("a template in a subdirectory is linted with the nearest module above it", async () => {
    const module = cortexModule([component("distributor"), INGESTERS]);
    const tf = { ...module, "cortex.tf": module["cortex.tf"]!.replace("${path.module}/cortex.yaml.tftpl", "${path.module}/templates/cortex.yaml.tftpl") };
    const root = await scratch({ ...Object.fromEntries(Object.entries(tf).map(([name, text]) => [`infra/${name}`, text])), "infra/templates/cortex.yaml.tftpl": CORTEX_YAML.replace("store: consul", "store: etcd") });
    expect(summary(await lint(["infra/templates/cortex.yaml.tftpl"], { cwd: root, ...cortexRulesOnly }), root)).toEqual(["infra/cortex.tf:3:19 ring-store"]);
  });

  it("--recursive walks subdirectories, each its own module, and skips .terraform/", async () => {
    const root = await scratch({
      "top.tf": `${PROVIDER}${NETWORK}`,
      "nested/deeper/store.tf": `${PROVIDER}${NETWORK}${STORE}`,
      ".terraform/modules/m/bad.tf": "this is not HCL {",
      "nested/README.md": "no tf here",
    });
    const results = await lint([root], { recursive: true });
    expect(results.map((result) => path.relative(root, result.filePath))).toEqual(["nested/deeper/store.tf", "top.tf"]);
    expect(summary(results, root)).toEqual([]);
  });
});

describe("usage, config and I/O problems are HclLintUsageError with a one-line message naming the path", () => {
  const cases: [string, () => Promise<unknown>, RegExp][] = [
    ["missing path", () => lint(["does-not-exist"], { cwd: process.cwd() }), /^no such file or directory: does-not-exist$/],
    ["directory without .tf", async () => lint([await scratch({ "x.txt": "" })]), /^no \.tf or \.tf\.json files in .+hcl-lint-.+ \(use --recursive/],
    ["not a .tf file", async () => lint(["x.txt"], { cwd: await scratch({ "x.txt": "" }) }), /^not a Terraform file \(\.tf or \.tf\.json\) or template \(\.tftpl\): x\.txt$/],
    ["a template no module renders", async () => lint(["docs/x.tftpl"], { cwd: await scratch({ "docs/x.tftpl": "" }) }), /^no module to lint docs\/x\.tftpl with: no \.tf or \.tf\.json files in its directory or above it$/],
    ["unknown rule override", async () => lint([await scratch({ "a.tf": NETWORK })], { rules: { "no-such-rule": "error" } }), /unknown rule "no-such-rule"/],
    ["bad severity", async () => lint([await scratch({ "a.tf": NETWORK })], { rules: { "pinned-image-tag": "warn" as "warning" } }), /severity must be "off", "warning" or "error", not "warn"/],
    ["missing var file", async () => lint([await scratch({ "a.tf": NETWORK })], { varFiles: ["nope.tfvars"] }), /^no such var file: .+nope\.tfvars$/],
    ["broken var file", async () => {
      const root = await scratch({ "a.tf": NETWORK, "bad.tfvars": "x = \n" });
      return lint([root], { varFiles: [path.join(root, "bad.tfvars")] });
    }, /bad\.tfvars:1:\d+: /],
    ["config that is not JSON", async () => lint([await scratch({ "a.tf": NETWORK, ".hcl-lint.json": "{ rules: " })]), /\.hcl-lint\.json: not valid JSON/],
    ["config with an unknown rule", async () => lint([await scratch({ "a.tf": NETWORK, ".hcl-lint.json": `{"rules":{"nope":"off"}}` })]), /\.hcl-lint\.json: unknown rule "nope"/],
    ["config with a bad option", async () => lint([await scratch({ "a.tf": NETWORK, ".hcl-lint.json": `{"rules":{"consul-bind-interface":["error",{"iface":"eth1"}]}}` })]), /unknown option "iface" \(known: interface\)/],
    ["--config that does not exist", async () => lint([await scratch({ "a.tf": NETWORK })], { config: "missing.json" }), /^cannot read config .*missing\.json: ENOENT$/],
  ];
  for (const [name, run, message] of cases) {
    it(name, async () => {
      const error = await run().then(() => undefined, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(HclLintUsageError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain("\n");
    });
  }
});

describe("syntax errors", () => {
  it("are fatal findings at hcl's line and column; rules do not run on that module", async () => {
    const root = await scratch({ "ring.tf": `resource "docker_container" "ring" {\n  image = \n}\n`, "store.tf": STORE });
    const results = await lint([root]);
    const ring = results.find((result) => result.filePath.endsWith("ring.tf"));
    expect(ring?.messages).toHaveLength(1);
    expect(ring?.messages[0]).toMatchObject({ ruleId: null, fatal: true, severity: 2, line: 2, column: 11 });
    expect(ring?.messages[0]?.message).toMatch(/^Syntax error: Invalid expression/);
    expect(ring?.fatalErrorCount).toBe(1);
    expect(ring?.errorCount).toBe(1);
    expect(results.find((result) => result.filePath.endsWith("store.tf"))?.messages).toEqual([]);
  });
});

describe("configuration", () => {
  const consul = `resource "docker_container" "ring" {\n  image = "consul:1.15"\n  env   = ["CONSUL_BIND_INTERFACE=eth1"]\n  networks_advanced {\n    name = docker_network.cortex-cluster.name\n  }\n}\n`;

  it("the nearest .hcl-lint.json wins; the repository root's applies below it; --rule overrides both", async () => {
    const root = await scratch({
      ".git/HEAD": "",
      ".hcl-lint.json": `{"rules":{"image-reference":"off","consul-bind-interface":["warning",{"interface":"eth1"}]}}`,
      "a/main.tf": PROVIDER + NETWORK + consul,
      "b/main.tf": PROVIDER + NETWORK + consul,
      "b/.hcl-lint.json": `{"rules":{"image-reference":"warning"}}`,
    });
    const a = await lint([path.join(root, "a")]);
    expect(a[0]?.messages).toEqual([]);
    const b = await lint([path.join(root, "b")]);
    expect(b[0]?.messages.map((message) => [message.ruleId, message.severity])).toEqual([
      ["image-reference", 1],
      ["consul-bind-interface", 2],
    ]);
    const overridden = await lint([path.join(root, "b")], { rules: { "image-reference": "off", "consul-bind-interface": "off" } });
    expect(overridden[0]?.messages).toEqual([]);
  });

  it("the lookup stops at the repository root", async () => {
    const outer = await scratch({ ".hcl-lint.json": `{"rules":{"image-reference":"off"}}`, "repo/.git/HEAD": "", "repo/main.tf": PROVIDER + NETWORK + consul.replace("eth1", "eth0") });
    const results = await lint([path.join(outer, "repo")]);
    expect(results[0]?.messages.map((message) => message.ruleId)).toEqual(["image-reference"]);
  });
});

describe("variables", () => {
  const ring = `variable "bind" {\n  default = "eth1"\n}\nresource "docker_container" "ring" {\n  image = "consul:1.15"\n  env   = ["CONSUL_BIND_INTERFACE=\${var.bind}"]\n  networks_advanced {\n    name = docker_network.cortex-cluster.name\n  }\n}\n`;
  const rules = { "image-reference": "off" } as const;

  it("defaults, then terraform.tfvars, then *.auto.tfvars, then --var-file", async () => {
    const root = await scratch({ "main.tf": PROVIDER + NETWORK + ring });
    const bindFindings = async (dir: string, varFiles: string[] = []) => (await lint([dir], { rules, varFiles }))[0]?.messages.map((message) => message.message) ?? [];
    expect(await bindFindings(root)).toEqual([expect.stringContaining("CONSUL_BIND_INTERFACE=eth1")]);
    const withTfvars = await scratch({ "main.tf": PROVIDER + NETWORK + ring, "terraform.tfvars": `bind = "eth0"\n` });
    expect(await bindFindings(withTfvars)).toEqual([]);
    const withAuto = await scratch({ "main.tf": PROVIDER + NETWORK + ring, "terraform.tfvars": `bind = "eth0"\n`, "z.auto.tfvars.json": `{"bind":"eth2"}` });
    expect(await bindFindings(withAuto)).toEqual([expect.stringContaining("CONSUL_BIND_INTERFACE=eth2")]);
    const extra = await scratch({ "prod.tfvars": `bind = "eth0"\n` });
    expect(await bindFindings(withAuto, [path.join(extra, "prod.tfvars")])).toEqual([]);
  });
});

describe("--fix", () => {
  it("changes only the bytes of the fix, writes the file, and reports what is left", async () => {
    const ring = `# The tutorial's ring.tf, odd spacing kept\r\nresource "docker_image" "consul" {\r\n  name         = "hashicorp/consul:1.16.0"\r\n}\r\n\r\nresource "docker_container" "ring" {\r\n  image = docker_image.consul.latest    # é ü\r\n  env = ["CONSUL_BIND_INTERFACE=eth0"]\r\n}\r\n`;
    const root = await scratch({ "ring.tf": ring, "network.tf": NETWORK, "provider.tf": PROVIDER });
    const results = await lint([root], { fix: true });
    const fixed = await readFile(path.join(root, "ring.tf"), "utf8");
    expect(fixed).toBe(ring.replace("docker_image.consul.latest", "docker_image.consul.image_id"));
    const result = results.find((entry) => entry.filePath.endsWith("ring.tf"));
    expect(result?.output).toBe(fixed);
    expect(result?.messages.map((message) => message.ruleId)).toEqual(["network-attachment"]);
    expect(results.find((entry) => entry.filePath.endsWith("network.tf"))?.output).toBeUndefined();
  });
});
