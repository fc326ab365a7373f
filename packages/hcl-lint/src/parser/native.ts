/**
 * hcl2json built natively (tools/hcl2json: the same Go modules as the WASM, built for this machine), spoken to over
 * a pipe. A short run pays a process spawn instead of compiling 7 MB of WASM and starting Go inside Node.
 *
 * Protocol (tools/hcl2json/main.go): the child greets with "hcl2json <module@version …>"; a request is
 * "<p|e> <name bytes> <source bytes>\n<name><source>", an answer "<ok|err> <bytes>\n<text>", in request order.
 * The child keeps this process alive only while an answer is awaited, and exits when our end of the pipe closes.
 */
import type { Socket } from "node:net";
import { homedir } from "node:os";
import path from "node:path";

/** The two calls hcl-lint makes of hcl2json, whichever build answers them. */
export interface ParserCalls {
  call(name: "parse" | "getExpressionAst", filename: string, source: string): Promise<string>;
}

/** Why a native parser could not be used: its binary, and the reason in one line. */
export class NativeParserError extends Error {
  override readonly name = "NativeParserError";
}

const OPS = { parse: "p", getExpressionAst: "e" } as const;
/** A static Go binary greets within milliseconds; this is for one that never does (a wrong HCL_LINT_HCL2JSON). */
const GREETING_TIMEOUT_MS = 30_000;

/**
 * Where tools/hcl2json/build.sh puts the build of the given modules: $CORTEX_RING_CACHE (else
 * ~/.cache/cortex-ring)/hcl2json/<hcl2json>-hcl-<hcl>-cty-<cty>/hcl2json; undefined when they are not all named.
 */
export function provisionedPath(modules: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const version = (module: string) => new RegExp(`(?:^| )${module.replace(/[./]/g, "\\$&")}@(\\S+)`).exec(modules)?.[1];
  const [converter, hcl, cty] = ["github.com/tmccombs/hcl2json", "github.com/hashicorp/hcl/v2", "github.com/zclconf/go-cty"].map(version);
  if (!converter || !hcl || !cty) return undefined;
  const cache = env.CORTEX_RING_CACHE || path.join(homedir(), ".cache", "cortex-ring");
  return path.join(cache, "hcl2json", `${converter}-hcl-${hcl}-cty-${cty}`, "hcl2json");
}

/** A native parser being started: calls can be made at once (they queue in the pipe); `ready` settles on its greeting. */
export interface NativeParser extends ParserCalls {
  /** Resolves once it has greeted naming exactly the expected modules; rejects with a NativeParserError when it cannot
   * start, greets otherwise, or dies first (every call made so far is rejected with the same error). */
  ready: Promise<void>;
}

/**
 * Spawns the binary, which must name exactly `modules` (the Go modules of the WASM it stands in for) within
 * `greetingTimeoutMs`.
 */
export function startNative(binary: string, modules: string, greetingTimeoutMs = GREETING_TIMEOUT_MS): NativeParser {
  // Not an ESM import: the module facade of a built-in reads every lazy export, which costs a cold run.
  const child = process.getBuiltinModule("node:child_process").spawn(binary, [], { stdio: ["pipe", "pipe", "pipe"] });
  // Pipes to a child are sockets (which can be unref'd), though typed as plain streams.
  const pipes = [child.stdin, child.stdout, child.stderr] as unknown as Socket[];
  const waiting: { resolve(text: string): void; reject(error: Error): void }[] = [];
  let stderr = "";
  let failure: Error | undefined;
  let greeted: (error?: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => (greeted = (error) => (error ? reject(error) : resolve())));
  // Idle, the child must not keep a library user's process alive; awaiting an answer, it must.
  const hold = (held: boolean) => {
    for (const handle of [child, ...pipes]) {
      if (held) handle.ref();
      else handle.unref();
    }
  };
  const fail = (reason: string) => {
    failure ??= new NativeParserError(`native parser ${binary}: ${reason}`);
    greeted(failure);
    for (const pending of waiting.splice(0)) pending.reject(failure);
    hold(false);
    child.kill();
  };
  const silence = setTimeout(() => fail(`did not greet within ${greetingTimeoutMs} ms`), greetingTimeoutMs);
  silence.unref();
  child.on("error", (error: NodeJS.ErrnoException) => fail(error.code === "ENOENT" ? "not found" : error.message));
  child.on("close", (code, signal) => fail(`exited (${signal ?? `code ${String(code)}`})${stderr ? `: ${stderr.trim().split("\n")[0] ?? ""}` : ""}`));
  child.stdin.on("error", () => undefined); // a dead child's EPIPE: "close" says why
  child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));

  // Answers arrive in chunks of the pipe's size: they are joined once an answer is complete, not on every chunk.
  let chunks: Buffer[] = [];
  let received = 0;
  let needed = 1;
  let greeting = true;
  const answer = (header: string, text: string) => {
    if (greeting) {
      greeting = false;
      clearTimeout(silence);
      const named = header.replace(/^hcl2json /, "");
      if (named === modules) greeted();
      else fail(`built from other Go modules than this hcl-lint's parser (it has ${named}; the WASM has ${modules})`);
      return;
    }
    const pending = waiting.shift();
    if (waiting.length === 0) hold(false);
    if (header.startsWith("ok ")) pending?.resolve(text);
    else pending?.reject(new Error(text));
  };
  child.stdout.on("data", (chunk: Buffer) => {
    chunks.push(chunk);
    received += chunk.length;
    if (received < needed) return;
    let buffered = chunks.length === 1 ? chunk : Buffer.concat(chunks, received);
    for (;;) {
      const eol = buffered.indexOf(10);
      const header = eol < 0 ? "" : buffered.toString("latin1", 0, eol);
      // The greeting is one line; an answer's header gives the length of its text.
      const end = eol < 0 ? Number.POSITIVE_INFINITY : eol + 1 + (greeting ? 0 : Number(header.split(" ")[1]));
      if (buffered.length < end) {
        needed = eol < 0 ? buffered.length + 1 : end;
        break;
      }
      answer(header, buffered.toString("utf8", eol + 1, end));
      buffered = buffered.subarray(end);
    }
    chunks = buffered.length > 0 ? [buffered] : [];
    received = buffered.length;
  });
  hold(true);

  const call: ParserCalls["call"] = (name, filename, source) => {
    if (failure) return Promise.reject(failure);
    const nameBytes = Buffer.from(filename);
    const sourceBytes = Buffer.from(source);
    return new Promise<string>((resolve, reject) => {
      if (waiting.push({ resolve, reject }) === 1) hold(true);
      child.stdin.write(Buffer.concat([Buffer.from(`${OPS[name]} ${nameBytes.length} ${sourceBytes.length}\n`), nameBytes, sourceBytes]));
    });
  };
  return { call, ready: ready.then(() => hold(waiting.length > 0)) };
}
