// hcl-lint against tflint (0.64.0, built from the Go module proxy by tools/tflint/build.sh, its bundled terraform
// ruleset enabled), measured in the same run with the runs of the two interleaved, so machine load (the cores are
// shared) hits both alike. Reports ours ÷ tflint (medians) for what users pay:
//   - cold infra/ (no cache: what CI and a first commit pay),
//   - cached infra/ (nothing changed since the last --cache run),
//   - one changed file in infra/ (what a pre-commit hook pays: the staged file's module is linted again),
//   - 1,000 generated modules (--recursive, cold),
//   - one file of N containers, N = 2,500 … 20,000 (must grow linearly).
// Writes RESULTS.md beside this file. Needs `pnpm build` first. BENCH_RUNS (15) and BENCH_MODULES (1000) override.
import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { largeFile, modules } from "./corpus.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const bin = path.join(root, "packages/hcl-lint/dist/bin.js");
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const MODULES = Number(process.env.BENCH_MODULES ?? 1000);
const SIZES = [2500, 5000, 10000, 20000];

const tflint = execFileSync("bash", [path.join(root, "tools/tflint/build.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
const tflintVersion = execFileSync(tflint, ["--version"], { encoding: "utf8" }).split("\n")[0];
const work = mkdtempSync(path.join(tmpdir(), "hcl-lint-bench-"));
const tflintConfig = path.join(work, "tflint.hcl");
writeFileSync(tflintConfig, 'plugin "terraform" {\n  enabled = true\n  preset  = "recommended"\n}\n');

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const ms = (n) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(0)} ms`);
const hasTime = spawnSync("/usr/bin/time", ["-f", "%M", "true"]).status === 0;

/** One timed process; its peak memory when /usr/bin/time is there. Exit codes other than 0–2 are failures. */
function timed(command, args, cwd) {
  const argv = hasTime ? ["/usr/bin/time", ["-f", "MAXRSS %M", command, ...args]] : [command, args];
  const start = performance.now();
  const result = spawnSync(argv[0], argv[1], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 1 << 28 });
  const wall = performance.now() - start;
  if (result.status === null || result.status > 2) throw new Error(`${command} ${args.join(" ")} exited ${result.status}: ${result.stderr.slice(-500)}`);
  const rss = Number(/MAXRSS (\d+)/.exec(result.stderr)?.[1] ?? NaN) / 1024;
  return { wall, rss, status: result.status, stdout: result.stdout };
}

/** Runs ours and tflint alternately `runs` times (before each of ours, `prepare`), and returns both medians. */
function compare(label, ours, theirs, runs, prepare = () => undefined) {
  const load = [loadavg()[0]];
  const samples = { ours: [], theirs: [], oursRss: [], theirsRss: [] };
  for (let i = 0; i < runs; i++) {
    prepare(i);
    const a = timed(...ours);
    const b = timed(...theirs);
    samples.ours.push(a.wall);
    samples.theirs.push(b.wall);
    samples.oursRss.push(a.rss);
    samples.theirsRss.push(b.rss);
  }
  load.push(loadavg()[0]);
  const row = { label, runs, ours: median(samples.ours), theirs: median(samples.theirs), oursRss: median(samples.oursRss), theirsRss: median(samples.theirsRss), load };
  process.stderr.write(`bench hcl-lint: ${label}: ${ms(row.ours)} vs ${ms(row.theirs)} (${(row.ours / row.theirs).toFixed(2)}×)\n`);
  return row;
}

try {
  const infra = path.join(root, "infra");
  const rows = [];
  const cache = path.join(work, "cache.json");
  rows.push(compare("cold infra/ (no cache)", [process.execPath, [bin, "-f", "compact", infra]], [tflint, [`--chdir=${infra}`, `--config=${tflintConfig}`]], RUNS));
  timed(process.execPath, [bin, "--cache", "--cache-location", cache, infra]);
  rows.push(compare("cached infra/ (nothing changed)", [process.execPath, [bin, "-f", "compact", "--cache", "--cache-location", cache, infra]], [tflint, [`--chdir=${infra}`, `--config=${tflintConfig}`]], RUNS));
  const edited = path.join(work, "infra");
  cpSync(infra, edited, { recursive: true, filter: (source) => !source.includes(".terraform") });
  rows.push(
    compare(
      "one changed file in infra/ (pre-commit)",
      [process.execPath, [bin, "-f", "compact", "--cache", "--cache-location", cache, path.join(edited, "ring.tf")]],
      [tflint, [`--chdir=${edited}`, `--config=${tflintConfig}`]],
      RUNS,
      (i) => appendFileSync(path.join(edited, "ring.tf"), `# edit ${i}\n`),
    ),
  );
  const corpus = path.join(work, "corpus");
  modules(corpus, MODULES);
  const corpusRuns = Math.max(3, Math.round(RUNS / 5));
  rows.push(compare(`${MODULES} modules (--recursive, cold)`, [process.execPath, [bin, "-f", "json", "--recursive", corpus]], [tflint, ["--recursive", `--chdir=${corpus}`, `--config=${tflintConfig}`]], corpusRuns));
  const scaling = SIZES.map((n) => {
    const dir = path.join(work, `large-${n}`);
    largeFile(dir, n);
    return compare(`one file of ${n.toLocaleString("en-US")} containers`, [process.execPath, [bin, "-f", "json", dir]], [tflint, [`--chdir=${dir}`, `--config=${tflintConfig}`]], 3);
  });

  const table = (list) => [
    "| what | runs | hcl-lint | tflint | ours ÷ tflint | peak RSS ours / tflint | load avg before → after |",
    "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ...list.map((r) => `| ${r.label} | ${r.runs} | ${ms(r.ours)} | ${ms(r.theirs)} | **${(r.ours / r.theirs).toFixed(2)}** | ${r.oursRss.toFixed(0)} / ${r.theirsRss.toFixed(0)} MB | ${r.load.map((l) => l.toFixed(1)).join(" → ")} |`),
  ];
  const perContainer = scaling.map((r, i) => `${((r.ours / SIZES[i]) * 1000).toFixed(0)} µs`).join(", ");
  const lines = [
    "# hcl-lint against tflint",
    "",
    `Run: ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${tflintVersion} (terraform ruleset, recommended preset).`,
    "Command: `node bench/run.js hcl-lint` (after `pnpm build`). Medians; hcl-lint and tflint runs alternate, so load from other jobs on",
    "the shared cores hits both alike: compare the ratios, not absolute times across runs.",
    "",
    ...table(rows),
    "",
    "One file of N containers (2 attributes each), to show that time grows linearly with the file:",
    "",
    ...table(scaling),
    "",
    `hcl-lint per container: ${perContainer} (N = ${SIZES.join(", ")}).`,
    "",
  ];
  writeFileSync(path.join(here, "RESULTS.md"), lines.join("\n"));
  process.stdout.write(lines.join("\n"));
} finally {
  rmSync(work, { recursive: true, force: true });
}
