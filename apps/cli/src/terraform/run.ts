import { spawn } from "node:child_process";
import { constants } from "node:os";
import { createInterface } from "node:readline";
import { CliError } from "../errors.js";
import type { Interrupts } from "../interrupts.js";
import type { TerraformBinary } from "./binary.js";

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  interrupts?: Interrupts;
  /** Each stdout line as it arrives (the `-json` event stream). */
  onLine?: (line: string) => void;
  onStderrLine?: (line: string) => void;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs one Terraform command to completion. Always resolves once the child has closed (never kills it, never
 * settles early), so state is written and the lock released before the CLI moves on or exits.
 * Terraform gets a process group of its own: signals reach it only as Interrupts relays them (see there).
 */
export function runTerraform(bin: TerraformBinary, args: string[], options: RunOptions): Promise<RunResult> {
  const env = { ...process.env, ...options.env, TF_IN_AUTOMATION: "1" };
  return new Promise((resolve, reject) => {
    const child = spawn(bin.path, args, { cwd: options.cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    const detach = options.interrupts?.attach(child);
    let stdout = "";
    let stderr = "";
    const out = createInterface({ input: child.stdout, crlfDelay: Infinity });
    out.on("line", (line) => {
      stdout += `${line}\n`;
      options.onLine?.(line);
    });
    const err = createInterface({ input: child.stderr, crlfDelay: Infinity });
    err.on("line", (line) => {
      stderr += `${line}\n`;
      options.onStderrLine?.(line);
    });
    let spawnError: Error | undefined;
    child.on("error", (error) => {
      spawnError = error;
    });
    child.on("close", (code, signal) => {
      detach?.();
      if (spawnError) {
        reject(new CliError(`could not run ${bin.path}: ${spawnError.message}`));
        return;
      }
      resolve({ code: code ?? (signal ? 128 + constants.signals[signal] : 1), stdout, stderr });
    });
  });
}

/** The first error diagnostic of a `-json` stream (or the last stderr line) as one line, for messages. */
export function firstError(result: RunResult): string {
  for (const line of result.stdout.split("\n")) {
    const event = parseJsonLine(line);
    const diagnostic = event?.diagnostic as { severity?: string; summary?: string; detail?: string } | undefined;
    if (event?.type === "diagnostic" && diagnostic?.severity === "error") {
      return truncate(oneLine([diagnostic.summary, diagnostic.detail].filter(Boolean).join(": ")));
    }
  }
  // Human UI: "│ Error: summary", then the detail paragraph(s) until the box closes ("╵").
  const raw = `${result.stderr}\n${result.stdout}`.split("\n");
  const start = raw.findIndex((line) => /^[│\s]*Error:/.test(line));
  if (start >= 0) {
    const parts: string[] = [];
    for (const line of raw.slice(start)) {
      if (line.startsWith("╵") || (parts.length > 0 && /^[│\s]*Error:/.test(line))) break;
      const text = line.replace(/^[│╷\s]+/, "").replace(/^Error:\s*/, "").trim();
      if (text) parts.push(text);
    }
    const [first = "", ...rest] = parts;
    return truncate(oneLine(rest.length > 0 ? `${first}: ${rest.join(" ")}` : first));
  }
  const last = raw.map((line) => line.replace(/^[│╷╵\s]+/, "").trim()).filter(Boolean).at(-1);
  return truncate(oneLine(last ?? `exit code ${result.code}`));
}

function truncate(text: string, max = 400): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function parseJsonLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
