/**
 * hcl2json's WASM, started in this process: the parser everywhere a native build is not provisioned (native.ts).
 *
 * The package's own entry point costs a cold run dearly (fs-extra, a gunzip of the 7 MB WASM, a polling wait for
 * the Go runtime), so this module starts the same WASM itself, with the package's own Go glue (wasm_exec.js): the
 * build copies the WASM un-gzipped into dist/ (scripts/copy-wasm.js) with a stamp naming the package version and
 * the Go modules inside it, and the gzipped original is the fallback when the installed hcl2json is not the
 * version that copy came from. Small runs ask V8 not to tier the WASM up (background TurboFan jobs that a short
 * process would only wait for at exit).
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { HCL2JSON_PACKAGE, HCL2JSON_VERSION } from "../version.js";
import type { ParserCalls } from "./native.js";

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
type GoExports = Record<"parse" | "getExpressionAst", (filename: string, source: string, callback: Callback) => void>;

const require = createRequire(import.meta.url);
const packageDir = (): string => path.dirname(require.resolve(`${HCL2JSON_PACKAGE}/package.json`));

/** What scripts/copy-wasm.js made, when it matches the installed package. */
interface Build {
  wasm: URL;
  /** The Go modules linked into the WASM, "path@version …" sorted (as the native build's greeting names them). */
  modules: string;
}

let build: Build | undefined | null = null;
function copiedBuild(): Build | undefined {
  if (build !== null) return build;
  build = undefined;
  const wasmCopy = new URL("../hcl2json.wasm", import.meta.url);
  const stamp = new URL("../hcl2json.wasm.json", import.meta.url);
  if (existsSync(wasmCopy) && existsSync(stamp)) {
    const made = JSON.parse(readFileSync(stamp, "utf8")) as { package?: string; version?: string; modules?: string };
    // HCL2JSON_VERSION: the installed package's name@version.
    if (`${made.package ?? ""}@${made.version ?? ""}` === HCL2JSON_VERSION && made.modules) build = { wasm: wasmCopy, modules: made.modules };
  }
  return build;
}

function wasmBytes(): Uint8Array<ArrayBuffer> {
  const copy = copiedBuild();
  if (copy) return readFileSync(copy.wasm);
  // zlib is loaded only on this fallback path: a cold run pays for every built-in module it loads.
  const { gunzipSync } = require("node:zlib") as typeof import("node:zlib");
  return gunzipSync(readFileSync(path.join(packageDir(), "main.wasm.gz")));
}

/** The Go modules inside the installed WASM (from the build's stamp; without one, read from the WASM itself). */
export function wasmModules(): string {
  return copiedBuild()?.modules ?? linkedModules(wasmBytes());
}

/** Go's build info names each linked module on a line "dep\t<path>\t<version>\t<sum>". */
export function linkedModules(binary: Uint8Array): string {
  const text = Buffer.from(binary.buffer, binary.byteOffset, binary.byteLength).toString("latin1");
  const modules = new Set(Array.from(text.matchAll(/^dep\t([^\t\n]+)\t([^\t\n]+)/gm), ([, module = "", version = ""]) => `${module}@${version}`));
  return [...modules].sort().join(" ");
}

/** Compiles and starts the WASM; `small`: keep it on V8's baseline tier (a short run finishes there anyway). */
export async function startWasm(small: boolean): Promise<ParserCalls> {
  if (small) process.getBuiltinModule("node:v8").setFlagsFromString("--wasm-tiering-budget=1000000000");
  const module = wasm.compile(wasmBytes());
  // The Go runtime's JS side: defines globalThis.Go (and the fs/crypto shims Go's syscall/js expects).
  require(path.join(packageDir(), "wasm/bridge_wasm_exec.js"));
  const { Go } = globalThis as unknown as { Go: new () => GoRuntime };
  const go = new Go();
  const instance = await wasm.instantiate(await module, go.importObject);
  const exports = {} as GoExports;
  // The Go program registers parse/getExpressionAst on this object, then waits for calls.
  (globalThis as Record<string, unknown>).__parse_terraform_config_wasm__ = exports;
  void go.run(instance);
  return {
    call: (name, filename, source) =>
      new Promise<string>((resolve, reject) => exports[name](filename, source, (error, result) => (error ? reject(new Error(error)) : resolve(result ?? "null")))),
  };
}
