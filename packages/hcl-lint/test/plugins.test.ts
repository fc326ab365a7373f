/**
 * Plugins through the real bin: the worked example (examples/container-limits) linting its own module, and
 * plugins that fail to load or throw, which are reported naming the plugin and rule while every other rule's
 * findings still come out.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { NETWORK, PROVIDER, scratch } from "./helpers.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const bin = path.join(packageDir, "dist/bin.js");
const example = path.join(packageDir, "examples/container-limits");
const hclLint = (args: string[], cwd: string) => {
  const result = spawnSync(process.execPath, [bin, "-f", "compact", ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

/** A module whose pinned-image-tag finding shows that the built-in rules ran. */
const module = `${PROVIDER}${NETWORK}resource "docker_image" "consul" {\n  name = "consul:latest"\n}\n`;

describe("the worked example plugin (examples/container-limits)", () => {
  it("is loaded from .hcl-lint.json and its rules report beside the built-in ones, with the configured options", () => {
    const { code, stdout, stderr } = hclLint(["terraform"], example);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    expect(stdout).toBe(
      [
        'terraform/main.tf:11:1: warning: Container docker_container.ring has no label team; add labels { label = "team" value = "…" } [limits/required-labels]',
        "terraform/main.tf:15:12: error: Container docker_container.ring may use 8192 MB; the limit here is 2048 MB [limits/memory-limit]",
        "",
      ].join("\n"),
    );
  });

  it("its rules take --rule overrides and unknown-id checks like built-in ones", () => {
    expect(hclLint(["--rule", "limits/memory-limit=off", "--rule", "limits/required-labels=off", "terraform"], example)).toMatchObject({ code: 0, stdout: "" });
    const unknown = hclLint(["--rule", "limits/nope=off", "terraform"], example);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^hcl-lint: --rule: unknown rule "limits\/nope" \(known: .*limits\/memory-limit, limits\/required-labels\)\n$/);
  });

  it("its findings are silenced by hcl-lint-ignore comments naming plugin/rule", async () => {
    const root = await scratch({
      ".hcl-lint.json": JSON.stringify({ plugins: { limits: path.join(example, "index.js") } }),
      "main.tf": `${PROVIDER}${NETWORK}# hcl-lint-ignore limits/required-labels, limits/memory-limit -- sized by the platform team\nresource "docker_container" "c" {\n  image = "x"\n}\n`,
    });
    expect(hclLint(["--rule", "image-reference=off", "--rule", "network-attachment=off", "."], root)).toMatchObject({ code: 0, stdout: "" });
  });
});

describe("a plugin that fails", () => {
  it("to load: reported at the config file naming the plugin; every built-in rule still reports", async () => {
    const root = await scratch({ ".hcl-lint.json": `{"plugins":{"missing":"./nope.js","broken":"./broken.js"}}`, "broken.js": "export default {", "main.tf": module });
    const { code, stdout } = hclLint(["."], root);
    expect(code).toBe(1);
    expect(stdout.split("\n")).toEqual([
      expect.stringMatching(/^\.hcl-lint\.json:1:1: error: Plugin "missing" \(\.\/nope\.js\) failed to load: no such file: .*nope\.js; its rules did not run \[syntax\]$/),
      expect.stringMatching(/^\.hcl-lint\.json:1:1: error: Plugin "broken" \(\.\/broken\.js\) failed to load: import failed: .*; its rules did not run \[syntax\]$/),
      'main.tf:13:10: warning: Image "consul:latest" is tagged latest; pin a version tag or a digest so an apply next month runs the same image [pinned-image-tag]',
      "",
    ]);
  });

  it("to be a plugin (a rule without meta.id): named with the rule", async () => {
    const root = await scratch({ ".hcl-lint.json": `{"plugins":{"odd":"./odd.js"}}`, "odd.js": "export default { rules: { a: { meta: { id: 'b' }, create() { return {}; } } } };\n", "main.tf": module });
    expect(hclLint(["."], root).stdout).toMatch(/Plugin "odd" \(\.\/odd\.js\) failed to load: rule "a": meta\.id is "b"; it must equal its key in rules/);
  });

  it("when a rule throws: one finding naming the plugin and rule at the block; the other rules' findings still come out", async () => {
    const thrower = `import { defineRule } from ${JSON.stringify(path.join(packageDir, "dist/index.js"))};
export default { rules: { explode: defineRule({
  meta: { id: "explode", type: "problem", severity: "error", docs: { description: "d", url: "u" }, defaultOptions: {}, messages: { m: "m" } },
  create: () => ({ blocks: { "resource:docker_image": () => { throw new TypeError("cannot read properties of undefined"); } } }),
}) } };
`;
    const root = await scratch({ ".hcl-lint.json": `{"plugins":{"acme":"./acme.js"}}`, "acme.js": thrower, "main.tf": module });
    const { code, stdout } = hclLint(["."], root);
    expect(code).toBe(1);
    expect(stdout).toBe(
      [
        "main.tf:12:1: error: Rule acme/explode (plugin acme) crashed on docker_image.consul: cannot read properties of undefined [acme/explode]",
        'main.tf:13:10: warning: Image "consul:latest" is tagged latest; pin a version tag or a digest so an apply next month runs the same image [pinned-image-tag]',
        "",
      ].join("\n"),
    );
  });
});
