/** SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it. Columns are UTF-16 units (SARIF's default). */
import type { AnyRule } from "../rules/rule.js";
import type { LintMessage, LintResult } from "../types.js";
import { VERSION } from "../version.js";
import { displayPath } from "./paths.js";

const SYNTAX_RULE = "syntax-error";

// The parts of the SARIF 2.1.0 object model written here (names as in the spec).
interface ReportingDescriptor {
  id: string;
  shortDescription: { text: string };
  helpUri?: string;
  defaultConfiguration: { level: "error" | "warning" };
  properties?: Record<string, unknown>;
}
interface Result {
  ruleId: string;
  ruleIndex: number;
  level: "error" | "warning";
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Record<string, number> } }[];
  suppressions?: { kind: "inSource" }[];
}

/** `rules`: the rules to describe (the CLI passes every built-in rule); results of other rules carry only their id. */
export function sarif(results: LintResult[], options: { cwd?: string; rules?: Iterable<AnyRule> } = {}): string {
  const version = VERSION;
  const descriptors: ReportingDescriptor[] = [
    ...[...(options.rules ?? [])].map((rule) => ({
      id: rule.meta.id,
      shortDescription: { text: rule.meta.docs.description },
      helpUri: rule.meta.docs.url,
      defaultConfiguration: { level: rule.meta.severity === "error" ? ("error" as const) : ("warning" as const) },
      properties: { fixable: rule.meta.fixable === "code", tags: [rule.meta.type] },
    })),
    { id: SYNTAX_RULE, shortDescription: { text: "The file is not valid HCL." }, defaultConfiguration: { level: "error" } },
  ];
  const ruleIndex = new Map(descriptors.map((descriptor, i) => [descriptor.id, i]));
  const toResult = (file: string, message: LintMessage, suppressed: boolean): Result => {
    const ruleId = message.ruleId ?? SYNTAX_RULE;
    return {
      ruleId,
      ruleIndex: ruleIndex.get(ruleId) ?? -1,
      level: message.severity === 2 ? "error" : "warning",
      message: { text: message.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(file), ...(options.cwd && !file.startsWith("/") ? { uriBaseId: "%SRCROOT%" } : {}) },
            region: {
              startLine: message.line,
              startColumn: message.column,
              ...(message.endLine ? { endLine: message.endLine } : {}),
              ...(message.endColumn ? { endColumn: message.endColumn } : {}),
            },
          },
        },
      ],
      ...(suppressed ? { suppressions: [{ kind: "inSource" as const }] } : {}),
    };
  };
  const log = {
    version: "2.1.0",
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    runs: [
      {
        tool: { driver: { name: "hcl-lint", version, informationUri: new URL("../../README.md", import.meta.url).href, rules: descriptors } },
        ...(options.cwd ? { originalUriBaseIds: { "%SRCROOT%": { uri: `file://${encodeURI(options.cwd.endsWith("/") ? options.cwd : `${options.cwd}/`)}` } } } : {}),
        results: results.flatMap((result) => {
          const file = displayPath(result.filePath, options.cwd);
          return [
            ...result.messages.map((message) => toResult(file, message, false)),
            ...(result.suppressedMessages ?? []).map((message) => toResult(file, message, true)),
          ];
        }),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
