import { describe, expect, it } from "vitest";
import { parseTemplate, type ExpressionType } from "../parser/hcl2json.js";
import { collectTemplates } from "./model.js";
import { Evaluator, Reference, Unknown } from "./evaluate.js";

/** An evaluator over the given variables and locals, with every template parsed by hcl2json first. */
async function evaluator(variables: Record<string, unknown>, locals: Record<string, unknown>, values: unknown[]): Promise<Evaluator> {
  const templates = new Map<string, ExpressionType | null>();
  for (const text of collectTemplates([variables, locals, values], new Set())) templates.set(text, await parseTemplate(text));
  return new Evaluator({ variable: (name) => variables[name], local: (name) => locals[name], template: (text) => templates.get(text) });
}

describe("Evaluator (values as hcl2json returns them)", () => {
  it("evaluates literals, escapes, variables, locals and templates as Terraform would before apply", async () => {
    const cases: [unknown, unknown][] = [
      ["plain", "plain"],
      ["a$${b}%%{c}", "a${b}%{c}"],
      ["${var.cluster}-store", "cortex-store"],
      ["${var.port}", 8500],
      ["${var.port}/tcp", "8500/tcp"],
      ["${local.name}", "cortex-ring"],
      ["line 1\n${var.cluster}\n", "line 1\ncortex\n"],
      ["${var.list[1]}", "b"],
      ["${var.map.key}", "v"],
      ['${var.map["key"]}', "v"],
      [["x", "${var.cluster}"], ["x", "cortex"]],
      [{ k: "${var.port}" }, { k: 8500 }],
      [true, true],
    ];
    const e = await evaluator({ cluster: "cortex", port: 8500, list: ["a", "b"], map: { key: "v" } }, { name: "${var.cluster}-ring" }, cases.map(([raw]) => raw));
    for (const [raw, expected] of cases) expect(e.evaluate(raw)).toEqual(expected);
  });

  it("keeps resource references symbolic and everything else unknown", async () => {
    const raws = ["${docker_image.consul[0].latest}", "${upper(var.cluster)}", "%{if true}x%{endif}", "${var.missing}", "${count.index}", "${data.docker_network.n.name}", "${local.a}", "${docker_image.x.image_id}-suffix", '${docker_image.img["a"].latest}'];
    const e = await evaluator({ cluster: "c" }, { a: "${local.b}", b: "${local.a}" }, raws);
    const reference = e.evaluate(raws[0]);
    expect(reference).toBeInstanceOf(Reference);
    expect((reference as Reference).parts).toEqual(["docker_image", "consul", 0, "latest"]);
    expect((reference as Reference).attribute).toBe("latest");
    expect((reference as Reference).toString()).toBe("docker_image.consul[0].latest");
    for (const raw of raws.slice(1, -1)) expect(e.evaluate(raw), raw).toBe(Unknown.value);
    const keyed = e.evaluate(raws.at(-1)) as Reference;
    expect(keyed.toString()).toBe('docker_image.img["a"].latest');
    expect(keyed.attribute).toBe("latest");
  });

  it("splits a template into pieces for rules that look inside strings", async () => {
    const raw = "-consul.hostname=${docker_container.ring.name}:${var.port}";
    const e = await evaluator({ port: 8500 }, {}, [raw]);
    const pieces = e.pieces(raw);
    expect(pieces[0]).toBe("-consul.hostname=");
    expect((pieces[1] as Reference).toString()).toBe("docker_container.ring.name");
    expect(pieces.slice(2)).toEqual([":", "8500"]);
  });
});
