import { describe, expect, it } from "vitest";
import type { LintResult } from "../types.js";
import { rules } from "../rules/index.js";
import { formatResults } from "./index.js";

/** The parts of a SARIF 2.1.0 log these tests read. */
interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string }[] } };
    originalUriBaseIds: Record<string, { uri: string } | undefined>;
    results: { level: string; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[];
  }[];
}

const cwd = "/repo";
const results: LintResult[] = [
  {
    filePath: "/repo/infra/ring.tf",
    messages: [
      { ruleId: "image-reference", severity: 2, message: "use image_id", line: 7, column: 11, endLine: 7, endColumn: 37, fix: { range: [120, 126], text: "image_id" } },
      { ruleId: "pinned-image-tag", severity: 1, message: 'Image "consul:latest" is tagged latest', line: 12, column: 18, endLine: 12, endColumn: 33 },
    ],
    suppressedMessages: [{ ruleId: "network-attachment", severity: 2, message: "joins no network", line: 3, column: 1, suppressions: [{ kind: "directive", justification: "legacy" }] }],
    errorCount: 1,
    warningCount: 1,
    fixableErrorCount: 1,
    fixableWarningCount: 0,
    fatalErrorCount: 0,
  },
  { filePath: "/repo/infra/network.tf", messages: [], errorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0, fatalErrorCount: 0 },
  {
    filePath: "/elsewhere/broken.tf",
    messages: [{ ruleId: null, fatal: true, severity: 2, message: "Syntax error: Invalid expression", line: 2, column: 11 }],
    errorCount: 1,
    warningCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    fatalErrorCount: 1,
  },
];

describe("formatters", () => {
  it("stylish: grouped by file, aligned, summary; no colour unless asked", () => {
    expect(formatResults(results, "stylish", { cwd })).toBe(
      [
        "",
        "infra/ring.tf",
        "   7:11  error    use image_id                            image-reference",
        '  12:18  warning  Image "consul:latest" is tagged latest  pinned-image-tag',
        "",
        "/elsewhere/broken.tf",
        "  2:11  error  Syntax error: Invalid expression",
        "",
        "✖ 3 problems (2 errors, 1 warning)",
        "  1 error and 0 warnings potentially fixable with the `--fix` option.",
        "",
        "",
      ].join("\n"),
    );
  });

  it("stylish: colours with ANSI escapes when asked; nothing at all when clean", () => {
    expect(formatResults(results, "stylish", { cwd, color: true })).toContain("\u001b[31merror");
    expect(formatResults([results[1]!], "stylish", { cwd, color: true })).toBe("");
  });

  it("json: ESLint's formatter shape, absolute paths", () => {
    const parsed = JSON.parse(formatResults(results, "json", { cwd })) as LintResult[];
    expect(parsed).toEqual(results);
    expect(Object.keys(parsed[0]!)).toEqual(expect.arrayContaining(["filePath", "messages", "errorCount", "warningCount", "fixableErrorCount", "fixableWarningCount"]));
  });

  it("compact: one file:line:col line per finding", () => {
    expect(formatResults(results, "compact", { cwd })).toBe(
      [
        "infra/ring.tf:7:11: error: use image_id [image-reference]",
        'infra/ring.tf:12:18: warning: Image "consul:latest" is tagged latest [pinned-image-tag]',
        "/elsewhere/broken.tf:2:11: error: Syntax error: Invalid expression [syntax]",
        "",
      ].join("\n"),
    );
  });

  it("sarif: 2.1.0 with rule descriptors, regions, relative URIs and in-source suppressions", () => {
    const log = JSON.parse(formatResults(results, "sarif", { cwd, rules: rules.values() })) as SarifLog;
    expect(log.version).toBe("2.1.0");
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe("hcl-lint");
    expect(run.tool.driver.rules.map((rule) => rule.id)).toContain("consul-bind-interface");
    expect(run.originalUriBaseIds["%SRCROOT%"]?.uri).toBe("file:///repo/");
    expect(run.results).toHaveLength(4);
    expect(run.results[0]).toEqual({
      ruleId: "image-reference",
      ruleIndex: run.tool.driver.rules.findIndex((rule) => rule.id === "image-reference"),
      level: "error",
      message: { text: "use image_id" },
      locations: [{ physicalLocation: { artifactLocation: { uri: "infra/ring.tf", uriBaseId: "%SRCROOT%" }, region: { startLine: 7, startColumn: 11, endLine: 7, endColumn: 37 } } }],
    });
    expect(run.results[1]?.level).toBe("warning");
    expect(run.results[2]).toMatchObject({ ruleId: "network-attachment", suppressions: [{ kind: "inSource" }] });
    expect(run.results[3]).toMatchObject({ ruleId: "syntax-error", locations: [{ physicalLocation: { artifactLocation: { uri: "/elsewhere/broken.tf" } } }] });
    expect(run.results[3]?.locations[0]?.physicalLocation.artifactLocation.uriBaseId).toBeUndefined();
  });
});
