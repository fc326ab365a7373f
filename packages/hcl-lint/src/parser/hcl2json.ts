/**
 * The parser of record: @cdktn/hcl2json (HashiCorp's hcl/v2 compiled to WASM; the maintained fork of the archived
 * @cdktf/hcl2json, the same Go code and the same output on our corpus: bench/hcl-lint/PARSERS.md). Every value and
 * every syntax error comes from here; nothing else in the package loads it.
 *
 * The package's own entry point costs a cold run dearly (fs-extra, a gunzip of the 6.5 MB WASM, a polling wait for
 * the Go runtime), so this module starts the same WASM itself, with the package's own Go glue (wasm_exec.js): the
 * build copies the WASM un-gzipped into dist/ (scripts/copy-wasm.js), and the gzipped original is the
 * fallback when the installed hcl2json is not the version that copy came from. It loads on first use, once per
 * process; small runs ask V8 not to tier the WASM up (background TurboFan jobs that a short process would only
 * wait for at exit).
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { setFlagsFromString } from "node:v8";
import type { ExpressionType } from "@cdktn/hcl2json/build/syntax-tree.js";
import { HCL2JSON_PACKAGE } from "../version.js";

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

// The WebAssembly API as used here (the project's TypeScript libs do not include the DOM's declarations).
interface WasmApi {
  compile(bytes: Uint8Array<ArrayBuffer>): Promise<object>;
  instantiate(module: object, imports: object): Promise<object>;
}
interface GoRuntime {
  importObject: object;
  run(instance: object): Promise<void>;
}
const { WebAssembly: wasm } = globalThis as unknown as { WebAssembly: WasmApi };

type Callback = (error: string | null, result?: string) => void;
interface GoExports {
  parse(filename: string, source: string, callback: Callback): void;
  getExpressionAst(filename: string, source: string, callback: Callback): void;
}

let loading: Promise<GoExports> | undefined;
let smallRun = false;

/**
 * Starts loading the WASM now (lint() calls this once it knows how much it will parse). `bytes` below 256 KB:
 * keep the WASM on its baseline tier, which a short run finishes on anyway.
 */
export function preloadHcl2json(bytes = Number.POSITIVE_INFINITY): void {
  smallRun = bytes < 256 * 1024;
  hcl2json().catch(() => undefined);
}

function hcl2json(): Promise<GoExports> {
  loading ??= start();
  return loading;
}

async function start(): Promise<GoExports> {
  const require = createRequire(import.meta.url);
  const packageDir = path.dirname(require.resolve(`${HCL2JSON_PACKAGE}/package.json`));
  if (smallRun) setFlagsFromString("--wasm-tiering-budget=1000000000");
  const module = wasm.compile(wasmBytes(packageDir, require));
  // The Go runtime's JS side: defines globalThis.Go (and the fs/crypto shims Go's syscall/js expects).
  require(path.join(packageDir, "wasm/bridge_wasm_exec.js"));
  const { Go } = globalThis as unknown as { Go: new () => GoRuntime };
  const go = new Go();
  const instance = await wasm.instantiate(await module, go.importObject);
  const exports = {} as GoExports;
  // The Go program registers parse/getExpressionAst on this object, then waits for calls.
  (globalThis as Record<string, unknown>).__parse_terraform_config_wasm__ = exports;
  void go.run(instance);
  return exports;
}

/** The un-gzipped copy made at build time when it matches the installed package; else the package's own .gz. */
function wasmBytes(packageDir: string, require: NodeJS.Require): Uint8Array<ArrayBuffer> {
  const copy = new URL("../hcl2json.wasm", import.meta.url);
  const stamp = new URL("../hcl2json.wasm.json", import.meta.url);
  const installed = (require(path.join(packageDir, "package.json")) as { version: string }).version;
  if (existsSync(copy) && existsSync(stamp)) {
    const made = JSON.parse(readFileSync(stamp, "utf8")) as { package?: string; version?: string };
    if (made.package === HCL2JSON_PACKAGE && made.version === installed) return readFileSync(copy);
  }
  // zlib is loaded only on this fallback path: a cold run pays for every built-in module it loads.
  const { gunzipSync } = require("node:zlib") as typeof import("node:zlib");
  return gunzipSync(readFileSync(path.join(packageDir, "main.wasm.gz")));
}

function call(name: keyof GoExports, filename: string, source: string): Promise<string> {
  return hcl2json().then(
    (exports) => new Promise<string>((resolve, reject) => exports[name](filename, source, (error, result) => (error ? reject(new Error(error)) : resolve(result ?? "null")))),
  );
}

// hcl2json names the file in every diagnostic; a fixed name keeps paths with ':' or ',' from confusing the regex.
const DIAG_NAME = "input.tf";
const DIAGNOSTIC = /input\.tf:(\d+),(\d+)-(?:(\d+),)?(\d+): ([^;\]]+)(?:; ([^\]]*?))?(?= input\.tf:\d|\]|$)/;

/** Parses one file. A syntax error is data (the first diagnostic, with hcl's 1-based line and column), not a throw. */
export async function parseHcl(source: string): Promise<ParseOutcome> {
  try {
    return { ok: true, body: JSON.parse(await call("parse", DIAG_NAME, source)) as HclBody };
  } catch (error) {
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
    parsed = call("getExpressionAst", "template.tf", `<<${MARKER}\n${text}\n${MARKER}\n`).then(
      (json) => JSON.parse(json) as ExpressionType | null,
      () => null,
    );
    templates.set(text, parsed);
  }
  return parsed;
}
