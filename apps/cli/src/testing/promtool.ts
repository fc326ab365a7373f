// Test support: promtool (tools/cortex/promtool.sh builds it once per Prometheus version), run on files or stdin.
import { spawn } from "node:child_process";
import { provision } from "@cortex-ring/test-support/processes";

export function promtoolBinary(): Promise<string> {
  return provision("tools/cortex/promtool.sh", process.env.PROMTOOL_BIN, "set PROMTOOL_BIN to a promtool binary, or install Go so tools/cortex/promtool.sh can build one (once, about 4 minutes)");
}

export interface PromtoolRun {
  code: number | null;
  output: string;
}

/** `promtool <args…>` with `stdin` piped in; resolves with its exit code and everything it printed. */
export async function promtool(args: string[], options: { stdin?: string; cwd?: string } = {}): Promise<PromtoolRun> {
  const child = spawn(await promtoolBinary(), args, { cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stdin.end(options.stdin ?? "");
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  return { code, output };
}
