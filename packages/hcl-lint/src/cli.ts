/**
 * The whole `hcl-lint` command as a function: parses argv, lints, prints, and resolves with the exit code.
 * It never throws and never calls process.exit, so `cortex-ring lint` and tests run it in-process.
 * Exit codes: 0 clean (warnings within --max-warnings), 1 errors / syntax errors / too many warnings,
 * 2 usage, config or I/O problem (one line on stderr).
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileError, HclLintUsageError } from "./errors.js";
import { FORMATS, formatResults } from "./formatters/index.js";
import { lint } from "./linter.js";
import type { LintResult, OutputFormat, SeveritySetting } from "./types.js";
import { VERSION } from "./version.js";

// Not an ESM import: node:util's module facade reads all its lazy exports (TextDecoder, diff…), ~3 ms of a cold run.
const { parseArgs } = process.getBuiltinModule("node:util");

export interface CliIo {
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  isTTY?: boolean;
}

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

const help = (ruleIds: string[]): string => `Usage: hcl-lint [options] [path...]

Lints the Terraform of a Cortex cluster's hash ring. Each directory is one module (its .tf and .tf.json files
together); a file is linted with the rest of its directory but only its own findings are shown. Default path: .

Options:
  -f, --format <name>       stylish (default), json (ESLint's), sarif (2.1.0) or compact
  -c, --config <file>       use this config instead of the nearest .hcl-lint.json
      --rule <id>=<sev>     set a rule's severity: off, warning or error (repeatable; plugin rules: <plugin>/<id>)
      --var-file <file>     read variable values from a .tfvars file (repeatable)
      --fix                 apply fixes in place (only the bytes a fix replaces change)
      --cache               reuse the findings of modules that did not change (files, config, versions)
      --cache-location <p>  cache file or directory (default: node_modules/.cache/hcl-lint/)
      --no-cache            do not use the cache (wins over --cache)
      --max-warnings <n>    exit 1 when there are more than n warnings
      --quiet               report errors only
  -r, --recursive           lint every directory with .tf files below each path (skips .terraform/)
  -o, --output-file <file>  write the report to a file instead of stdout
      --no-color            never colour stylish output (NO_COLOR is honoured too)
  -v, --version             print the version
  -h, --help                print this help

Exit codes: 0 no errors (warnings within --max-warnings), 1 errors or syntax errors, 2 usage/config/IO problem.
Rules: ${ruleIds.join(", ")}.
`;

export async function runCli(argv: string[], io: CliIo = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const env = io.env ?? process.env;
  const cwd = path.resolve(io.cwd ?? process.cwd());
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string", short: "f" },
        config: { type: "string", short: "c" },
        rule: { type: "string", multiple: true },
        "var-file": { type: "string", multiple: true },
        fix: { type: "boolean" },
        cache: { type: "boolean" },
        "no-cache": { type: "boolean" },
        "cache-location": { type: "string" },
        "max-warnings": { type: "string" },
        quiet: { type: "boolean" },
        recursive: { type: "boolean", short: "r" },
        "output-file": { type: "string", short: "o" },
        "no-color": { type: "boolean" },
        version: { type: "boolean", short: "v" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      const { rules } = await import("./rules/index.js");
      stdout.write(help([...rules.keys()]));
      return EXIT.ok;
    }
    if (values.version) {
      stdout.write(`${VERSION}\n`);
      return EXIT.ok;
    }
    const format = (values.format ?? "stylish") as OutputFormat;
    if (!FORMATS.includes(format)) throw new HclLintUsageError(`unknown format "${format}" (use ${FORMATS.join(", ")})`);
    let maxWarnings = -1;
    if (values["max-warnings"] !== undefined) {
      maxWarnings = Number(values["max-warnings"]);
      if (!/^\d+$/.test(values["max-warnings"])) throw new HclLintUsageError(`--max-warnings needs a whole number, not "${values["max-warnings"]}"`);
    }
    const ruleOverrides: Record<string, SeveritySetting> = {};
    for (const spec of values.rule ?? []) {
      const eq = spec.indexOf("=");
      if (eq <= 0) throw new HclLintUsageError(`--rule expects <id>=<severity>, got "${spec}"`);
      // Ids and severities are checked by lint() (settings.ts), which knows the plugins' rules too.
      ruleOverrides[spec.slice(0, eq).trim()] = spec.slice(eq + 1).trim() as SeveritySetting;
    }

    const results = await lint(positionals, {
      cwd,
      recursive: values.recursive ?? false,
      ...(values.config ? { config: values.config } : {}),
      rules: ruleOverrides,
      varFiles: values["var-file"] ?? [],
      fix: values.fix ?? false,
      cache: (values.cache ?? false) && !values["no-cache"],
      ...(values["cache-location"] ? { cacheLocation: values["cache-location"] } : {}),
    });

    const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
    const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
    const shown = values.quiet ? results.map(errorsOnly) : results;
    const color = format === "stylish" && !values["no-color"] && colorWanted(env, io.isTTY ?? Boolean((stdout as { isTTY?: boolean }).isTTY)) && !values["output-file"];
    const described = format === "sarif" ? (await import("./rules/index.js")).rules.values() : undefined;
    const report = formatResults(shown, format, { color, cwd, ...(described ? { rules: described } : {}) });
    const outputFile = values["output-file"];
    if (outputFile) {
      await writeFile(path.resolve(cwd, outputFile), report).catch((error: unknown) => {
        throw fileError("write", outputFile, error);
      });
    } else {
      stdout.write(report);
    }
    if (errors > 0) return EXIT.findings;
    if (maxWarnings >= 0 && warnings > maxWarnings) {
      stderr.write(`hcl-lint: ${warnings} warning${warnings === 1 ? "" : "s"}, more than --max-warnings ${maxWarnings}\n`);
      return EXIT.findings;
    }
    return EXIT.ok;
  } catch (error) {
    stderr.write(`hcl-lint: ${oneLine(error)}\n`);
    return EXIT.usage;
  }
}

function errorsOnly(result: LintResult): LintResult {
  const messages = result.messages.filter((message) => message.severity === 2);
  return { ...result, messages, warningCount: 0, fixableWarningCount: 0 };
}

/** Colour only on a terminal, never with NO_COLOR (any value); FORCE_COLOR turns it on (not "0"). */
function colorWanted(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return isTTY;
}

/** Usage errors carry their own one-line message; anything else is reduced to one line, never a stack trace. */
function oneLine(error: unknown): string {
  if (error instanceof HclLintUsageError) return error.message;
  const code = (error as { code?: string }).code;
  if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) return `${(error as Error).message.split("\n", 1)[0] ?? ""} (see --help)`;
  const message = error instanceof Error ? error.message : String(error);
  return `internal error: ${message.split("\n", 1)[0] ?? ""}`;
}
