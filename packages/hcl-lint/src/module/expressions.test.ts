import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyseModule } from "../analyse.js";
import { defineRule } from "../rules/rule.js";
import { Reference, Unknown } from "./evaluate.js";
import { expressionsOf } from "./expressions.js";
import { instancesOf } from "./instances.js";
import type { Module } from "./model.js";
import { RenderedYaml } from "./rendered-yaml.js";
import { Text, type Term } from "./terms.js";

const DIR = path.resolve("/virtual/module");

/** The module the rules would see: `.tf` files parsed, other files readable through file() and templatefile(). */
async function moduleOf(files: Record<string, string>, vars: Record<string, unknown> = {}): Promise<Module> {
  let captured: Module | undefined;
  const capture = defineRule({
    meta: { id: "capture", type: "problem", severity: "error", docs: { description: "", url: "" }, defaultOptions: {}, messages: {} },
    create(context) {
      captured = context.module;
      return {};
    },
  });
  const terraform = Object.entries(files).filter(([name]) => name.endsWith(".tf"));
  await analyseModule({
    dir: DIR,
    files: terraform.map(([name, source]) => ({ path: path.join(DIR, name), source })),
    rules: [{ id: "capture", rule: capture, severity: 2, options: {} }],
    knownRuleIds: new Set(["capture"]),
    varValues: new Map(Object.entries(vars)),
    readFile: (file) => (Object.hasOwn(files, path.relative(DIR, file)) ? files[path.relative(DIR, file)] : undefined),
  });
  if (!captured) throw new Error("the module was not analysed");
  return captured;
}

/** Each local's value, evaluated. */
async function locals(body: string, files: Record<string, string> = {}, vars: Record<string, unknown> = {}): Promise<(name: string) => Term> {
  const module = await moduleOf({ "main.tf": `locals {\n${body}\n}\n`, ...files }, vars);
  const expressions = expressionsOf(module);
  return (name) => expressions.evaluate(module.scope.local(name), new Map(), undefined);
}

describe("Expressions (what a resource will run with, before apply)", () => {
  it("evaluates for expressions, range, conditionals, operators and functions over known values", async () => {
    const local = await locals(
      [
        `  ids   = [for i in range(var.enabled ? var.n : 0) : "\${var.cluster}-ingester-\${i}"]`,
        `  count = length(local.ids)`,
        `  byKey = { for i, id in local.ids : id => i if i > 0 }`,
        `  math  = var.n * 2 + 1 >= 7 && !false`,
        `  set   = toset(["b", "a", "b"])`,
        `  fmt   = format("%s:%d", "consul", 8500)`,
        `  keys  = keys({ b = 1, "a" = 2 })`,
        `  nth   = local.ids[1]`,
        `  off   = [for i in range(var.enabled ? 0 : var.n) : i]`,
      ].join("\n"),
      {},
      { cluster: "c", n: 3, enabled: true },
    );
    expect(local("ids")).toEqual(["c-ingester-0", "c-ingester-1", "c-ingester-2"]);
    expect(local("count")).toBe(3);
    expect(local("byKey")).toEqual({ "c-ingester-1": 1, "c-ingester-2": 2 });
    expect(local("math")).toBe(true);
    expect(local("set")).toEqual(["a", "b"]);
    expect(local("fmt")).toBe("consul:8500");
    expect(local("keys")).toEqual(["a", "b"]);
    expect(local("nth")).toBe("c-ingester-1");
    expect(local("off")).toEqual([]);
  });

  it("keeps references inside strings and leaves what only apply knows unknown", async () => {
    const local = await locals(
      [
        `  address = "\${docker_container.ring.name}:8500"`,
        `  unknown = upper(data.x.y.name)`,
        `  when    = var.unset ? 1 : 2`,
        `  ids     = [for i in range(var.unset) : i]`,
        `  json    = jsonencode({ host = local.address, port = 8500 })`,
      ].join("\n"),
    );
    const address = local("address") as Text;
    expect(address).toBeInstanceOf(Text);
    expect((address.pieces[0] as Reference).toString()).toBe("docker_container.ring.name");
    expect(address.pieces[1]).toBe(":8500");
    for (const name of ["unknown", "when", "ids"]) expect(local(name), name).toBe(Unknown.value);
    const json = local("json") as Text;
    expect(json.pieces.map(String)).toEqual(['{"host":"', "docker_container.ring.name", ':8500","port":8500}']);
  });

  it("renders templatefile() with its variables, directives and strip markers, keeping template lines", async () => {
    const template = ["server:", "  port: ${port}", "%{ for name in rings ~}", "${name}:", "  host: ${host}", "%{ endfor ~}", "%{ if tls ~}", "tls: true", "%{ endif ~}", "end: 1", ""].join("\n");
    const local = await locals(`  config = templatefile("\${path.module}/c.yaml.tftpl", { port = 9009, rings = ["a", "b"], host = "\${docker_container.ring.name}:8500", tls = false })`, { "c.yaml.tftpl": template });
    const config = local("config") as Text;
    expect(config).toBeInstanceOf(Text);
    expect(config.pieces.map(String).join("")).toBe("server:\n  port: 9009\na:\n  host: docker_container.ring.name:8500\nb:\n  host: docker_container.ring.name:8500\nend: 1\n");
    expect(config.source?.name).toBe("c.yaml.tftpl");
    const yaml = RenderedYaml.parse(config, undefined) as RenderedYaml;
    expect(yaml.get(["server", "port"])).toMatchObject({ pieces: ["9009"], where: "c.yaml.tftpl:2" });
    const host = yaml.get(["b", "host"]);
    expect(host).toMatchObject({ where: "c.yaml.tftpl:5" });
    expect(host && !(host instanceof Unknown) ? host.pieces.map(String) : []).toEqual(["docker_container.ring.name", ":8500"]);
    expect(yaml.get(["end"])).toMatchObject({ where: "c.yaml.tftpl:10" });
    expect(yaml.get(["tls"])).toBeUndefined();
  });

  it("reads YAML anchors and merge keys; an unknown key or a directive over unknown values makes the document unknown", async () => {
    const yaml = RenderedYaml.parse("kv: &kv\n  store: consul\nring:\n  <<: *kv\n  prefix: p/\nother: *kv\n", undefined) as RenderedYaml;
    expect(yaml.get(["ring", "store"])).toMatchObject({ pieces: ["consul"] });
    expect(yaml.get(["other", "store"])).toMatchObject({ pieces: ["consul"] });
    expect(yaml.get(["ring", "missing"])).toBeUndefined();
    expect(RenderedYaml.parse(new Text([Unknown.value, ": 1\n"]), undefined)).toBe(Unknown.value);
    expect(RenderedYaml.parse("a: [", undefined)).toBe(Unknown.value);
    const local = await locals(`  config = templatefile("t.tftpl", { on = var.unset })`, { "t.tftpl": "a: 1\n%{ if on }b: 2\n%{ endif }" });
    expect(local("config")).toBe(Unknown.value);
  });

  it("expands count and for_each when they are known", async () => {
    const module = await moduleOf({
      "main.tf": [
        `resource "docker_container" "counted" {\n  count = length(var.names)\n  name  = var.names[count.index]\n}`,
        `resource "docker_container" "each" {\n  for_each = toset(var.names)\n  name     = "x-\${each.key}"\n}`,
        `resource "docker_container" "unknown" {\n  count = var.unset\n}`,
        `variable "names" {\n  default = ["b", "a"]\n}`,
      ].join("\n"),
    });
    const expressions = expressionsOf(module);
    const [counted, each, unknown] = module.resources("docker_container");
    const names = (block: NonNullable<typeof counted>) => {
      const instances = instancesOf(block);
      return instances instanceof Unknown ? instances : instances.map((instance) => [instance.address, expressions.attribute(block.attribute("name"), instance.bindings)]);
    };
    expect(names(counted!)).toEqual([
      ["docker_container.counted[0]", "b"],
      ["docker_container.counted[1]", "a"],
    ]);
    expect(names(each!)).toEqual([
      ['docker_container.each["a"]', "x-a"],
      ['docker_container.each["b"]', "x-b"],
    ]);
    expect(names(unknown!)).toBe(Unknown.value);
  });
});

describe("shapes the evaluator does not follow", () => {
  it("are unknown, never a crash: every rule runs over them without a crash finding", async () => {
    const { rules } = await import("../rules/index.js");
    const odd = [
      `locals {`,
      `  splat   = docker_container.x[*].name`,
      `  grouped = { for s in ["a", "a", "b"] : s => s... }`,
      `  keyed   = { (var.k) = 1, "q" = 2 }`,
      `  spread  = max([1, 2]...)`,
      `  ns      = provider::terraform::encode_tfvars({})`,
      `  missing = templatefile("\${path.module}/missing.tftpl", {})`,
      `  badvars = templatefile("\${path.module}/t.tftpl", "not an object")`,
      `  unknown = templatefile(var.unset, {})`,
      `  broken  = templatefile("\${path.module}/broken.tftpl", {})`,
      `  twodocs = templatefile("\${path.module}/two.tftpl", {})`,
      `  heredoc = <<-EOT`,
      `    %{ for i in range(3) ~}`,
      `    - \${i}`,
      `    %{ endfor ~}`,
      `  EOT`,
      `}`,
      `resource "docker_container" "c" {`,
      `  for_each = { a = 1, b = 2 }`,
      `  name     = "c-\${each.key}"`,
      `  image    = "cortexproject/cortex:v1.21.1"`,
      `  command  = ["-target=ingester", "-config.file=/c.yaml", "-ring.store"]`,
      `  dynamic "upload" {`,
      `    for_each = [1]`,
      `    content {`,
      `      file    = "/c.yaml"`,
      `      content = local.twodocs`,
      `    }`,
      `  }`,
      `}`,
      `resource "docker_container" "d" {`,
      `  count   = 2`,
      `  name    = "d-\${count.index}"`,
      `  image   = "cortexproject/cortex:v1.21.1"`,
      `  command = concat(["-target=all"], ["-config.file=/c.yaml", local.splat])`,
      `  upload {`,
      `    file    = "/c.yaml"`,
      `    content = local.broken`,
      `  }`,
      `}`,
    ].join("\n");
    const files = { "main.tf": odd, "t.tftpl": "a: 1\n", "broken.tftpl": "a: ${\n", "two.tftpl": "a: 1\n---\nb: 2\n" };
    const result = await analyseModule({
      dir: DIR,
      files: [{ path: path.join(DIR, "main.tf"), source: odd }],
      rules: [...rules].map(([id, rule]) => ({ id, rule, severity: 2 as const, options: rule.meta.defaultOptions })),
      knownRuleIds: new Set(rules.keys()),
      readFile: (file) => (Object.hasOwn(files, path.relative(DIR, file)) ? files[path.relative(DIR, file) as keyof typeof files] : undefined),
    });
    const messages = [...result.values()].flatMap((found) => found.messages);
    expect(messages.filter((message) => message.fatal)).toEqual([]);
    const module = await moduleOf({ ...files, "main.tf": odd });
    const expressions = expressionsOf(module);
    const local = (name: string) => expressions.evaluate(module.scope.local(name));
    expect(local("grouped")).toEqual({ a: ["a", "a"], b: ["b"] });
    expect(local("spread")).toBe(2);
    // hcl2json hands flush heredocs over re-printed (`~` applied, the dedent not always): the loop itself is rendered.
    const heredoc = local("heredoc");
    expect(typeof heredoc === "string" ? heredoc.replaceAll(" ", "") : heredoc).toBe("-0\n-1\n-2\n");
    for (const name of ["splat", "keyed", "ns", "missing", "badvars", "unknown", "broken"]) expect(local(name), name).toBe(Unknown.value);
  });
});
