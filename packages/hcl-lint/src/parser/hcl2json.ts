/**
 * The parser of record: hcl2json (tmccombs/hcl2json over HashiCorp's hcl/v2), as @cdktn/hcl2json ships it — the
 * maintained fork of the archived @cdktf/hcl2json, the same Go code and the same output on our corpus
 * (bench/hcl-lint/PARSERS.md). Every value and every syntax error comes from here; nothing else in the package
 * loads a parser build.
 *
 * Two builds of the same Go modules answer: a native binary when one is provisioned (native.ts: a spawn instead of
 * compiling the WASM and starting Go inside Node, what a short run pays most), else the package's WASM (wasm.ts).
 * HCL_LINT_HCL2JSON chooses: unset, the native build tools/hcl2json/build.sh provisions when it is there (a broken
 * one falls back to the WASM, saying so), else the WASM; `wasm`; `native`, the provisioned build, which must work;
 * or the path of a native binary, which must work. The build starts on first use, once per process.
 */
import { existsSync } from "node:fs";
import type { ExpressionType } from "@cdktn/hcl2json/build/syntax-tree.js";
import { HclLintUsageError } from "../errors.js";
import { NativeParserError, provisionedPath, startNative, type NativeParser, type ParserCalls } from "./native.js";
import { startWasm, wasmModules } from "./wasm.js";

export type { ExpressionType };

/** A module body as hcl2json returns it: blocks nest by type and labels and end in arrays; expressions are "${…}". */
export type HclBody = Record<string, unknown>;

export interface SyntaxError {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

export type ParseOutcome = { ok: true; body: HclBody } | { ok: false; error: SyntaxError };

let loading: Promise<ParserCalls> | undefined;
let smallRun = false;
/** The native parser while it starts and once it has; undefined when it is not the one answering. */
let native: NativeParser | undefined;
/** Parses asked for before they are needed (native only), by source text; parseHcl takes them. */
const prefetched = new Map<string, Promise<string>>();

/**
 * Starts the parser now, for these `.tf` sources (lint() calls this once it knows what it will parse, before it loads
 * the rules). A native parser gets them at once and parses them while this process loads the rest; under 256 KB in
 * all, the WASM stays on its baseline tier, which a short run finishes on anyway.
 */
export function preloadHcl2json(sources: readonly string[] = []): void {
  smallRun = sources.reduce((sum, source) => sum + source.length, 0) < 256 * 1024;
  hcl2json().catch(() => undefined);
  // What an earlier run left (a file refused before parsing) will not be asked for again.
  prefetched.clear();
  if (!native) return;
  for (const source of sources) {
    if (prefetched.has(source)) continue;
    const answer = native.call("parse", DIAG_NAME, source);
    answer.catch(() => undefined); // a syntax error is read when the file is parsed; a failed start is handled there
    prefetched.set(source, answer);
  }
}

function hcl2json(): Promise<ParserCalls> {
  loading ??= start();
  return loading;
}

function start(): Promise<ParserCalls> {
  const chosen = process.env.HCL_LINT_HCL2JSON ?? "";
  if (chosen === "wasm") return startWasm(smallRun);
  const modules = wasmModules();
  const provisioned = provisionedPath(modules);
  // Unset: the provisioned build when there is one (falling back to the WASM, saying why); named: it must work.
  const binary = chosen === "" || chosen === "native" ? provisioned : chosen;
  if (chosen === "" && (!binary || !existsSync(binary))) return startWasm(smallRun);
  if (!binary) return Promise.reject(new HclLintUsageError(`HCL_LINT_HCL2JSON=native: the WASM's Go modules name no hcl2json, hcl and cty versions (${modules})`));
  const parser = (native = startNative(binary, modules));
  return parser.ready.then(
    () => parser,
    (error: unknown) => {
      native = undefined;
      prefetched.clear();
      if (!(error instanceof NativeParserError)) throw error;
      if (chosen === "") {
        process.stderr.write(`hcl-lint: ${error.message}; parsing with the WASM instead (rebuild: tools/hcl2json/build.sh)\n`);
        return startWasm(smallRun);
      }
      const remedy = chosen === "native" ? "build it with tools/hcl2json/build.sh" : "unset it to parse with the WASM";
      throw new HclLintUsageError(`HCL_LINT_HCL2JSON=${chosen}: ${error.message} (${remedy})`);
    },
  );
}

// hcl2json names the file in every diagnostic; a fixed name keeps paths with ':' or ',' from confusing the regex.
const DIAG_NAME = "input.tf";
const DIAGNOSTIC = /input\.tf:(\d+),(\d+)-(?:(\d+),)?(\d+): ([^;\]]+)(?:; ([^\]]*?))?(?= input\.tf:\d|\]|$)/;

/**
 * Parses one file. A syntax error is data (the first diagnostic, with hcl's 1-based line and column), not a throw;
 * a parser that cannot start, or a native one that dies, throws.
 */
export async function parseHcl(source: string): Promise<ParseOutcome> {
  const parser = await hcl2json();
  const answer = prefetched.get(source) ?? parser.call("parse", DIAG_NAME, source);
  prefetched.delete(source);
  try {
    return { ok: true, body: JSON.parse(await answer) as HclBody };
  } catch (error) {
    if (error instanceof NativeParserError) throw error;
    return { ok: false, error: toSyntaxError(error instanceof Error ? error.message : String(error)) };
  }
}

function toSyntaxError(text: string): SyntaxError {
  const match = DIAGNOSTIC.exec(text);
  if (!match) return { line: 1, column: 1, endLine: 1, endColumn: 1, message: text.replace(/\s+/g, " ").trim() };
  const [, line, column, endLine, endColumn, summary = "", detail] = match;
  const message = detail ? `${summary}: ${detail.trim()}` : summary;
  return {
    line: Number(line),
    column: Number(column),
    endLine: Number(endLine ?? line),
    endColumn: Number(endColumn),
    message: message.replace(/\s+/g, " ").trim(),
  };
}

const templates = new Map<string, Promise<ExpressionType | null>>();
const MARKER = "HCL_LINT_TEMPLATE_END";

/**
 * Parses a string value as hcl2json returned it (a template such as `${var.name}-store`) into hcl's expression
 * tree. It is wrapped in a heredoc so quotes and newlines need no escaping; the heredoc adds one trailing "\n"
 * that the evaluator drops. Memoised: modules repeat the same strings.
 */
export function parseTemplate(text: string): Promise<ExpressionType | null> {
  let parsed = templates.get(text);
  if (!parsed) {
    parsed = hcl2json()
      .then((parser) => parser.call("getExpressionAst", "template.tf", `<<${MARKER}\n${text}\n${MARKER}\n`))
      .then(
        (json) => JSON.parse(json) as ExpressionType | null,
        (error: unknown) => {
          if (!(error instanceof NativeParserError || error instanceof HclLintUsageError)) return null;
          templates.delete(text); // the parser failed, not the template: a later run asks again
          throw error;
        },
      );
    templates.set(text, parsed);
  }
  return parsed;
}
