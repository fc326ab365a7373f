import { describe, expect, it } from "vitest";
import { defineRule, type Rule } from "../rules/rule.js";
import pinnedImageTag from "../rules/pinned-image-tag.js";
import imageReference from "../rules/image-reference.js";
import consulBindInterface from "../rules/consul-bind-interface.js";
import { ruleTester, type TestFramework } from "./rule-tester.js";

/** Runs a table through ruleTester with a framework that collects each case's outcome instead of registering it. */
async function outcomes<Options extends object, Ids extends string>(rule: Rule<Options, Ids>, cases: Parameters<typeof ruleTester<Options, Ids>>[1]): Promise<Record<string, string>> {
  const bodies: [string, () => Promise<void>][] = [];
  const framework: TestFramework = { describe: (_name, body) => body(), it: (name, body) => bodies.push([name, body]) };
  ruleTester(rule, cases, framework);
  const results: Record<string, string> = {};
  for (const [name, body] of bodies) results[name] = await body().then(() => "passed", (error: unknown) => (error instanceof Error ? error.message : String(error)));
  return results;
}

const image = (name: string) => `resource "docker_image" "i" {\n  name = "${name}"\n}\n`;

describe("ruleTester refuses tables that cannot be right (as ESLint's RuleTester does)", () => {
  it("a correct table passes", async () => {
    expect(await outcomes(pinnedImageTag, { valid: [{ name: "pinned", code: image("consul:1.14.11") }], invalid: [{ name: "latest", code: image("consul:latest"), errors: [{ messageId: "latest", line: 2, column: 10 }] }] })).toEqual({
      "valid: pinned": "passed",
      "invalid: latest": "passed",
    });
  });

  it("a messageId the rule does not define", async () => {
    const result = await outcomes(pinnedImageTag, {
      valid: [],
      // @ts-expect-error -- "latests" is not one of the rule's meta.messages: the table does not compile either.
      invalid: [{ name: "typo", code: image("consul:latest"), errors: [{ messageId: "latests", line: 2, column: 10 }] }],
    });
    expect(result["invalid: typo"]).toMatch(/messageId "latests" is not one of pinned-image-tag's meta\.messages \(latest, untagged\)/);
  });

  it("options the schema rejects: an unknown key, a wrong type", async () => {
    const result = await outcomes(consulBindInterface, {
      valid: [
        // @ts-expect-error -- not an option of the rule
        { name: "unknown key", code: image("consul:1.0"), options: { iface: "eth1" } },
        // @ts-expect-error -- interface is a string
        { name: "wrong type", code: image("consul:1.0"), options: { interface: 1 } },
      ],
      invalid: [],
    });
    expect(result["valid: unknown key"]).toMatch(/options rejected by consul-bind-interface's schema: .*unknown option "iface" \(known: interface\)/);
    expect(result["valid: wrong type"]).toMatch(/option "interface" must be a string/);
  });

  it("an invalid case that expects no error", async () => {
    const result = await outcomes(pinnedImageTag, { valid: [], invalid: [{ name: "nothing", code: image("consul:latest"), errors: [] }] });
    expect(result["invalid: nothing"]).toMatch(/lists no errors: an invalid case must expect at least one finding/);
  });

  it("a fix whose output no longer parses", async () => {
    const breaking = defineRule({
      meta: { ...imageReference.meta, id: "breaking-fix" },
      create: (context) => ({
        blocks: {
          "resource:docker_image": (block) => {
            const name = block.attribute("name");
            if (name) context.report({ file: name.file, span: name.valueSpan, messageId: "raw", data: { image: "x" }, fix: { range: [name.valueSpan.start, name.valueSpan.end], text: '"unterminated' } });
          },
        },
      }),
    });
    const result = await outcomes(breaking, { valid: [], invalid: [{ name: "broken fix", code: image("x:1"), errors: [{ messageId: "raw", line: 2, column: 10 }], output: `resource "docker_image" "i" {\n  name = "unterminated\n}\n` }] });
    expect(result["invalid: broken fix"]).toMatch(/the fix of main\.tf does not parse: 2:\d+ /);
  });

  it("findings that differ from the table, and a rule that crashes", async () => {
    const crashing = defineRule({ meta: { ...pinnedImageTag.meta, id: "crashing" }, create: () => ({ done: () => { throw new TypeError("boom"); } }) });
    expect((await outcomes(pinnedImageTag, { valid: [], invalid: [{ name: "wrong line", code: image("consul:latest"), errors: [{ messageId: "latest", line: 3, column: 10 }] }] }))["invalid: wrong line"]).toMatch(/Expected values to be strictly deep-equal/);
    expect((await outcomes(crashing, { valid: [{ name: "any", code: image("consul:1") }], invalid: [] }))["valid: any"]).toMatch(/unexpected crashing finding: Rule crashing crashed on .*: boom/);
  });
});

describe("the rule type ties messageId to meta.messages", () => {
  it("context.report with an id meta.messages lacks does not compile", () => {
    const rule = defineRule({
      meta: { id: "typed", type: "problem", severity: "error", docs: { description: "", url: "" }, defaultOptions: {}, messages: { known: "known" } },
      create: (context) => ({
        blocks: {
          // @ts-expect-error -- "unknown" is not a key of meta.messages
          resource: (block) => context.report({ file: block.file, span: block.header, messageId: "unknown" }),
        },
      }),
    });
    expect(Object.keys(rule.meta.messages)).toEqual(["known"]);
  });
});
