/**
 * RuleTester tables, ESLint-style: valid cases produce no finding; invalid cases produce exactly the listed findings
 * (message id, file, line, column, end) and `output` is the file after --fix. Runs the real parsers. Like ESLint's
 * RuleTester it refuses a table that cannot be right: an expected messageId the rule does not define, options its
 * schema rejects, an invalid case without errors, and a fix whose output no longer parses. With
 * `ruleTester(rule, …)` the messageIds are also checked by the compiler (they are the rule's `meta.messages` keys).
 *
 * Exported as `@cortex-ring/hcl-lint/testing` for plugin authors. It registers one `describe` per rule and one `it`
 * per case with the test framework's globals (vitest with `globals: true`, jest, mocha), or with the functions given.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { analyseModule } from "../analyse.js";
import { HclLintUsageError } from "../errors.js";
import { applyFixes } from "../lint-module.js";
import { parseFile } from "../parser/parse-file.js";
import { rules as builtIn } from "../rules/index.js";
import type { Rule } from "../rules/rule.js";
import { checkOptions } from "../settings.js";
import type { LintMessage } from "../types.js";

const DIR = path.resolve("/virtual/module");

export interface TestCase<Options extends object = object> {
  name: string;
  /**
   * One file (main.tf) or several: name → source (`*.tf.json` names are read as JSON syntax; any other name, such as
   * `cortex.yaml.tftpl`, is a file the module reads through file() or templatefile()).
   */
  code: string | Record<string, string>;
  options?: Partial<Options>;
  /** Variable values as a tfvars file would give them. */
  vars?: Record<string, unknown>;
}

export interface ExpectedFinding<MessageIds extends string = string> {
  messageId: MessageIds;
  file?: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** A fragment the rendered message must contain. */
  message?: string;
}

export interface InvalidCase<Options extends object = object, MessageIds extends string = string> extends TestCase<Options> {
  errors: ExpectedFinding<MessageIds>[];
  /** The fixed file (main.tf, or name → source); omitted when the finding has no fix. */
  output?: string | Record<string, string>;
}

export interface TestFramework {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => Promise<void>): unknown;
}

export function ruleTester<Options extends object, MessageIds extends string>(
  rule: Rule<Options, MessageIds>,
  cases: { valid: TestCase<Options>[]; invalid: InvalidCase<Options, MessageIds>[] },
  framework: TestFramework = globalFramework(),
): void {
  framework.describe(rule.meta.id, () => {
    for (const testCase of cases.valid) {
      framework.it(`valid: ${testCase.name}`, async () => {
        const { findings } = await run(rule, testCase);
        assert.deepEqual(findings.map(({ file, message }) => `${file}:${message.line}:${message.column} ${message.messageId ?? ""}: ${message.message}`), []);
      });
    }
    for (const testCase of cases.invalid) {
      framework.it(`invalid: ${testCase.name}`, async () => {
        checkTable(rule, testCase);
        const { findings, files } = await run(rule, testCase);
        // End positions are compared where the table gives them.
        assert.deepEqual(
          findings.map(({ file, message }, i) => ({
            messageId: message.messageId,
            file,
            line: message.line,
            column: message.column,
            ...(testCase.errors[i]?.endLine !== undefined ? { endLine: message.endLine, endColumn: message.endColumn } : {}),
          })),
          testCase.errors.map(({ messageId, file, line, column, endLine, endColumn }) => ({ messageId, file: file ?? "main.tf", line, column, ...(endLine !== undefined ? { endLine, endColumn } : {}) })),
        );
        testCase.errors.forEach((error, i) => {
          if (error.message) assert.ok(findings[i]?.message.message.includes(error.message), `finding ${i} says "${findings[i]?.message.message ?? ""}", which does not contain "${error.message}"`);
        });
        const fixed = Object.fromEntries(
          Object.entries(files).map(([name, source]) => {
            const fixes = findings.filter((finding) => finding.file === name).flatMap(({ message }) => (message.fix ? [message.fix] : []));
            return [name, applyFixes(source, fixes)];
          }),
        );
        const expected = testCase.output === undefined ? files : typeof testCase.output === "string" ? { "main.tf": testCase.output } : { ...files, ...testCase.output };
        assert.deepEqual(fixed, expected);
        for (const [name, source] of Object.entries(fixed)) {
          if (source === files[name]) continue;
          const parsed = await parseFile(name, source);
          if (!parsed.ok) assert.fail(`the fix of ${name} does not parse: ${parsed.error.line}:${parsed.error.column} ${parsed.error.message}`);
        }
      });
    }
  });
}

/** What ESLint's RuleTester refuses before running anything. */
function checkTable(rule: Rule, testCase: InvalidCase): void {
  assert.ok(testCase.errors.length > 0, `invalid case "${testCase.name}" lists no errors: an invalid case must expect at least one finding`);
  for (const error of testCase.errors) {
    assert.ok(Object.hasOwn(rule.meta.messages, error.messageId), `invalid case "${testCase.name}": messageId "${error.messageId}" is not one of ${rule.meta.id}'s meta.messages (${Object.keys(rule.meta.messages).join(", ")})`);
  }
}

async function run(rule: Rule, testCase: TestCase): Promise<{ findings: { file: string; message: LintMessage }[]; files: Record<string, string> }> {
  const files = typeof testCase.code === "string" ? { "main.tf": testCase.code } : testCase.code;
  let options: object = rule.meta.defaultOptions;
  if (testCase.options !== undefined) {
    try {
      options = { ...rule.meta.defaultOptions, ...checkOptions(rule, testCase.options, `case "${testCase.name}"`) };
    } catch (error) {
      if (error instanceof HclLintUsageError) assert.fail(`options rejected by ${rule.meta.id}'s schema: ${error.message}`);
      throw error;
    }
  }
  const result = await analyseModule({
    dir: DIR,
    files: Object.entries(files)
      .filter(([name]) => name.endsWith(".tf") || name.endsWith(".tf.json"))
      .map(([name, source]) => ({ path: path.join(DIR, name), source })),
    readFile: (file) => (Object.hasOwn(files, path.relative(DIR, file)) ? files[path.relative(DIR, file)] : undefined),
    rules: [{ id: rule.meta.id, rule, severity: 2, options }],
    knownRuleIds: new Set([...builtIn.keys(), rule.meta.id]),
    varValues: new Map(Object.entries(testCase.vars ?? {})),
  });
  const findings = [...result].flatMap(([file, { messages }]) => messages.map((message) => ({ file: path.basename(file), message })));
  for (const { message } of findings) {
    if (message.ruleId !== rule.meta.id || message.fatal) assert.fail(`unexpected ${message.ruleId ?? "syntax"} finding: ${message.message}`);
  }
  return { findings, files };
}

function globalFramework(): TestFramework {
  const { describe, it } = globalThis as Partial<TestFramework>;
  if (typeof describe !== "function" || typeof it !== "function") {
    throw new Error("ruleTester needs the test framework's describe and it: enable globals (vitest: test.globals = true) or pass { describe, it }");
  }
  return { describe, it };
}
