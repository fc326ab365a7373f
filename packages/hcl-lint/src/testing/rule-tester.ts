/**
 * RuleTester tables, ESLint-style: valid cases produce no finding, invalid cases produce exactly the listed
 * findings (message id, file, line, column, end), and `output` is the file after --fix. Runs the real parsers.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveSettings } from "../config.js";
import { analyseModule, applyFixes } from "../linter.js";
import type { Rule } from "../rules/rule.js";

const DIR = path.resolve("/virtual/module");

export interface TestCase {
  name: string;
  /** One file (main.tf) or several: name → source. */
  code: string | Record<string, string>;
  options?: object;
  /** Variable values as a tfvars file would give them. */
  vars?: Record<string, unknown>;
}

export interface ExpectedFinding {
  messageId: string;
  file?: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** A fragment the rendered message must contain. */
  message?: string;
}

export interface InvalidCase extends TestCase {
  errors: ExpectedFinding[];
  /** The fixed file (main.tf, or name → source); omitted when the finding has no fix. */
  output?: string | Record<string, string>;
}

export function ruleTester<Options extends object>(rule: Rule<Options>, cases: { valid: TestCase[]; invalid: InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    for (const testCase of cases.valid) {
      it(`valid: ${testCase.name}`, async () => {
        const { findings } = await run(rule, testCase);
        expect(findings).toEqual([]);
      });
    }
    for (const testCase of cases.invalid) {
      it(`invalid: ${testCase.name}`, async () => {
        const { findings, files } = await run(rule, testCase);
        // End positions are compared where the table gives them.
        expect(
          findings.map(({ file, message }, i) => ({
            messageId: message.messageId,
            file,
            line: message.line,
            column: message.column,
            ...(testCase.errors[i]?.endLine !== undefined ? { endLine: message.endLine, endColumn: message.endColumn } : {}),
          })),
        ).toEqual(
          testCase.errors.map(({ messageId, file, line, column, endLine, endColumn }) => ({
            messageId,
            file: file ?? "main.tf",
            line,
            column,
            ...(endLine !== undefined ? { endLine, endColumn } : {}),
          })),
        );
        testCase.errors.forEach((error, i) => {
          if (error.message) expect(findings[i]?.message.message).toContain(error.message);
        });
        const fixed = Object.fromEntries(
          Object.entries(files).map(([name, source]) => {
            const fixes = findings.filter((finding) => finding.file === name).flatMap(({ message }) => (message.fix ? [message.fix] : []));
            return [name, applyFixes(source, fixes)];
          }),
        );
        const expected = testCase.output === undefined ? files : typeof testCase.output === "string" ? { "main.tf": testCase.output } : { ...files, ...testCase.output };
        expect(fixed).toEqual(expected);
      });
    }
  });
}

async function run<Options extends object>(rule: Rule<Options>, testCase: TestCase) {
  const files = typeof testCase.code === "string" ? { "main.tf": testCase.code } : testCase.code;
  const overrides = Object.fromEntries([...(await import("../rules/index.js")).rules.keys()].map((id) => [id, id === rule.meta.id ? rule.meta.severity : "off"] as const));
  const settings = resolveSettings(testCase.options ? new Map([[rule.meta.id, { severity: 2 as const, options: testCase.options }]]) : undefined, overrides);
  const result = await analyseModule({
    dir: DIR,
    files: Object.entries(files).map(([name, source]) => ({ path: path.join(DIR, name), source })),
    settings,
    varValues: new Map(Object.entries(testCase.vars ?? {})),
  });
  const findings = [...result].flatMap(([file, { messages }]) => messages.map((message) => ({ file: path.basename(file), message })));
  for (const finding of findings) if (finding.message.ruleId !== rule.meta.id) throw new Error(`unexpected ${finding.message.ruleId ?? "syntax"} finding: ${finding.message.message}`);
  return { findings, files };
}
