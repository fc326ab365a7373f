// Benchmarks `cortex-ring plan` on a copy of infra/ against its peer in the same run: the loop Terraform's
// automation guide describes, run by a script that does not know whether init is needed, so it always runs
// it (`init -input=false` → `plan -input=false -out` → `show -json`). The CLI skips init when nothing init
// depends on changed; the lint gate is measured on and off. Nothing is applied, so no Docker object is made.
// Needs `pnpm build` and the stack's environment (tools/dev sources it: the provider mirror). Writes RESULTS.md.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const bin = path.join(root, "apps/cli/dist/bin.js");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const terraform = process.env.TERRAFORM_BINARY || "terraform";
const env = { ...process.env, NO_COLOR: "1", TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };

const p50 = (samples) => [...samples].sort((a, b) => a - b)[Math.floor((samples.length - 1) / 2)];
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${path.basename(command)} ${args.join(" ")} exited ${result.status ?? result.error?.message}: ${(result.stderr || result.stdout).slice(-600)}`);
  return result.stdout;
}

function infraCopy() {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-cli-plan-"));
  // What infra/'s configuration reads too: Cortex's YAML template (templatefile) and consul-acl.sh (file). The tests'
  // copy (tools/test-support's infraCopy) takes the same; this script is plain JS and cannot import it.
  for (const name of readdirSync(path.join(root, "infra"))) if (/\.(tf|tftpl|sh)$/.test(name)) copyFileSync(path.join(root, "infra", name), path.join(dir, name));
  return dir;
}

function timed(fn) {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

const vars = ["-var", "enable_store=false"];
const peerDir = infraCopy();
const cliDir = infraCopy();
const planFile = path.join(peerDir, "bench.tfplan");
const peer = () => {
  run(terraform, ["init", "-input=false", "-no-color"], peerDir);
  run(terraform, ["plan", "-input=false", "-no-color", `-out=${planFile}`, ...vars], peerDir);
  run(terraform, ["show", "-json", planFile], peerDir);
};
const cliArgs = (lint) => [bin, "-C", cliDir, "--json", "plan", ...(lint ? [] : ["--no-lint"]), "--var", "enable_store=false"];
const cli = (lint) => () => run(process.execPath, cliArgs(lint), root);

try {
  // Warm-up: the first init of each directory installs the provider; both sides start initialised.
  peer();
  cli(false)();
  const samples = { peer: [], cli: [], cliLint: [] };
  for (let i = 0; i < RUNS; i++) {
    samples.peer.push(timed(peer));
    samples.cli.push(timed(cli(false)));
    samples.cliLint.push(timed(cli(true)));
  }
  const summary = JSON.parse(run(process.execPath, cliArgs(false), root));
  const [peerP50, cliP50, lintP50] = [p50(samples.peer), p50(samples.cli), p50(samples.cliLint)];
  const tfVersion = JSON.parse(run(terraform, ["version", "-json"], root)).terraform_version;
  const rows = [
    ["peer: `init` → `plan -out` → `show -json` (terraform, every time)", peerP50, 1],
    ["`cortex-ring plan --no-lint` (init skipped: nothing changed)", cliP50, cliP50 / peerP50],
    ["`cortex-ring plan` (with the hcl-lint gate)", lintP50, lintP50 / peerP50],
  ];
  const report = `# bench/cli-plan

\`cortex-ring plan\` on a copy of \`infra/\` (${summary.changes.length} resources to create, nothing applied) against the
loop Terraform's automation guide describes, run by a script that cannot tell whether init is needed and so
runs it every time: \`terraform init -input=false\` → \`plan -input=false -out\` → \`show -json\`. Both sides start
initialised; the CLI then skips init (its fingerprint of required_providers, modules, backend and the lock
file is unchanged). Median of ${RUNS} runs each, interleaved, wall time of whole processes.

| run | p50 | ratio to peer |
| --- | ---: | ---: |
${rows.map(([name, value, ratio]) => `| ${name} | ${s(value)} | ${ratio.toFixed(2)} |`).join("\n")}

Terraform ${tfVersion}, Node ${process.versions.node}, ${cpus().length} CPUs (load average ${loadavg()[0].toFixed(1)} at the end;
the machine is shared, so compare ratios, not seconds). Reproduce: \`tools/dev pnpm build && tools/dev node bench/run.js cli-plan\`.
`;
  writeFileSync(path.join(here, "RESULTS.md"), report);
  process.stdout.write(report);
} finally {
  rmSync(peerDir, { recursive: true, force: true });
  rmSync(cliDir, { recursive: true, force: true });
}
