// hcl-lint against tflint (0.64.0, built from the Go module proxy by tools/tflint/build.sh, its bundled terraform
// ruleset enabled), measured in the same run with the runs interleaved, so machine load (the cores are shared) hits
// all alike. hcl-lint runs twice per round: with the native parser (tools/hcl2json/build.sh, what this repository's
// hook uses once provisioned) and with the WASM (what an npm user without Go gets). Reports ours ÷ tflint
// (medians) for what users pay:
//   - cold infra/ (no cache: what CI and a first commit pay),
//   - cached infra/ (nothing changed since the last --cache run),
//   - one changed file in infra/ (what a pre-commit hook pays: the staged file's module is linted again),
//   - 1,000 generated modules (--recursive, cold),
//   - one file of N containers, N = 2,500 … 20,000 (must grow linearly).
// Writes RESULTS.md beside this file. Needs `pnpm build` first. BENCH_RUNS (15) and BENCH_MODULES (1000) override.
import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

const built = (script) => execFileSync("bash", [path.join(root, script)], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
const tflint = built("tools/tflint/build.sh");
const nativeParser = built("tools/hcl2json/build.sh");
// Named explicitly, so a broken native build fails the bench instead of falling back to the WASM.
const PARSERS = { native: { HCL_LINT_HCL2JSON: nativeParser }, wasm: { HCL_LINT_HCL2JSON: "wasm" } };
const tflintVersion = execFileSync(tflint, ["--version"], { encoding: "utf8" }).split("\n")[0];
const work = mkdtempSync(path.join(tmpdir(), "hcl-lint-bench-"));
// The native parser is a process of its own, outside hcl-lint's peak RSS: one more run per row, with the parser
// started through /usr/bin/time, measures it.
const parserRssFile = path.join(work, "parser-rss");
const measuredParser = path.join(work, "hcl2json-measured");
writeFileSync(measuredParser, `#!/bin/sh\nexec /usr/bin/time -f %M -o '${parserRssFile}' '${nativeParser}'\n`, { mode: 0o755 });
const tflintConfig = path.join(work, "tflint.hcl");
writeFileSync(tflintConfig, 'plugin "terraform" {\n  enabled = true\n  preset  = "recommended"\n}\n');

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const ms = (n) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(0)} ms`);
const hasTime = spawnSync("/usr/bin/time", ["-f", "%M", "true"]).status === 0;

/** One timed process; its peak memory when /usr/bin/time is there. Exit codes other than 0–2 are failures. */
function timed(command, args, env = {}) {
  const argv = hasTime ? ["/usr/bin/time", ["-f", "MAXRSS %M", command, ...args]] : [command, args];
  const start = performance.now();
  const result = spawnSync(argv[0], argv[1], { encoding: "utf8", env: { ...process.env, ...env, NO_COLOR: "1" }, maxBuffer: 1 << 28 });
  const wall = performance.now() - start;
  if (result.status === null || result.status > 2) throw new Error(`${command} ${args.join(" ")} exited ${result.status}: ${result.stderr.slice(-500)}`);
  const rss = Number(/MAXRSS (\d+)/.exec(result.stderr)?.[1] ?? NaN) / 1024;
  return { wall, rss, status: result.status, stdout: result.stdout };
}

/** The native parser's peak RSS (MB) in one run of ours; 0 when the run did not start it (a cache hit). */
function parserRss(ours, prepare) {
  if (!hasTime) return NaN;
  rmSync(parserRssFile, { force: true });
  prepare(-1);
  timed(process.execPath, [bin, ...ours], { HCL_LINT_HCL2JSON: measuredParser });
  // The parser exits after hcl-lint (when its stdin closes): wait for its report.
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20)) {
    if (!existsSync(parserRssFile)) return 0;
    const kb = /^(\d+)\s*$/m.exec(readFileSync(parserRssFile, "utf8"))?.[1];
    if (kb) return Number(kb) / 1024;
  }
  throw new Error("the native parser did not report its peak RSS");
}

/**
 * Runs ours (once per parser) and tflint alternately `runs` times (`prepare` before each of ours) and returns one
 * row per parser, each against the same tflint samples.
 */
function compare(label, ours, theirs, runs, prepare = () => undefined) {
  const load = [loadavg()[0]];
  const samples = { theirs: [], theirsRss: [], ...Object.fromEntries(Object.keys(PARSERS).flatMap((parser) => [[parser, []], [`${parser}Rss`, []]])) };
  for (let i = 0; i < runs; i++) {
    for (const [parser, env] of Object.entries(PARSERS)) {
      prepare(i);
      const run = timed(process.execPath, [bin, ...ours], env);
      samples[parser].push(run.wall);
      samples[`${parser}Rss`].push(run.rss);
    }
    const b = timed(...theirs);
    samples.theirs.push(b.wall);
    samples.theirsRss.push(b.rss);
  }
  load.push(loadavg()[0]);
  return Object.keys(PARSERS).map((parser) => {
    const row = { label, parser, runs, ours: median(samples[parser]), theirs: median(samples.theirs), oursRss: median(samples[`${parser}Rss`]), theirsRss: median(samples.theirsRss), load };
    if (parser === "native") row.parserRss = parserRss(ours, prepare);
    process.stderr.write(`bench hcl-lint: ${label} (${parser}): ${ms(row.ours)} vs ${ms(row.theirs)} (${(row.ours / row.theirs).toFixed(2)}×)\n`);
    return row;
  });
}

try {
  const infra = path.join(root, "infra");
  const rows = [];
  const cache = path.join(work, "cache.json");
  rows.push(...compare("cold infra/ (no cache)", ["-f", "compact", infra], [tflint, [`--chdir=${infra}`, `--config=${tflintConfig}`]], RUNS));
  timed(process.execPath, [bin, "--cache", "--cache-location", cache, infra]);
  rows.push(...compare("cached infra/ (nothing changed)", ["-f", "compact", "--cache", "--cache-location", cache, infra], [tflint, [`--chdir=${infra}`, `--config=${tflintConfig}`]], RUNS));
  const edited = path.join(work, "infra");
  cpSync(infra, edited, { recursive: true, filter: (source) => !source.includes(".terraform") });
  let edits = 0;
  rows.push(
    ...compare(
      "one changed file in infra/ (pre-commit)",
      ["-f", "compact", "--cache", "--cache-location", cache, path.join(edited, "ring.tf")],
      [tflint, [`--chdir=${edited}`, `--config=${tflintConfig}`]],
      RUNS,
      () => appendFileSync(path.join(edited, "ring.tf"), `# edit ${edits++}\n`),
    ),
  );
  const corpus = path.join(work, "corpus");
  modules(corpus, MODULES);
  const corpusRuns = Math.max(3, Math.round(RUNS / 5));
  rows.push(...compare(`${MODULES} modules (--recursive, cold)`, ["-f", "json", "--recursive", corpus], [tflint, ["--recursive", `--chdir=${corpus}`, `--config=${tflintConfig}`]], corpusRuns));
  const scaling = SIZES.flatMap((n) => {
    const dir = path.join(work, `large-${n}`);
    largeFile(dir, n);
    return compare(`one file of ${n.toLocaleString("en-US")} containers`, ["-f", "json", dir], [tflint, [`--chdir=${dir}`, `--config=${tflintConfig}`]], 3);
  });

  const table = (list) => [
    "| what | parser | runs | hcl-lint | tflint | ours ÷ tflint | peak RSS ours (+ native parser) / tflint | load avg before → after |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ...list.map((r) => `| ${r.label} | ${r.parser} | ${r.runs} | ${ms(r.ours)} | ${ms(r.theirs)} | **${(r.ours / r.theirs).toFixed(2)}** | ${r.oursRss.toFixed(0)}${r.parserRss ? ` (+ ${r.parserRss.toFixed(0)})` : ""} / ${r.theirsRss.toFixed(0)} MB | ${r.load.map((l) => l.toFixed(1)).join(" → ")} |`),
  ];
  const perContainer = (parser) =>
    scaling
      .filter((r) => r.parser === parser)
      .map((r, i) => `${((r.ours / SIZES[i]) * 1000).toFixed(0)} µs`)
      .join(", ");
  const lines = [
    "# hcl-lint against tflint",
    "",
    `Run: ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${tflintVersion} (terraform ruleset, recommended preset).`,
    "Command: `node bench/run.js hcl-lint` (after `pnpm build`). Medians; hcl-lint (native parser, then WASM) and tflint runs alternate,",
    "so load from other jobs on the shared cores hits all alike: compare the ratios, not absolute times across runs.",
    "",
    ...table(rows),
    "",
    "One file of N containers (2 attributes each), to show that time grows linearly with the file:",
    "",
    ...table(scaling),
    "",
    `hcl-lint per container (N = ${SIZES.join(", ")}): native ${perContainer("native")}; WASM ${perContainer("wasm")}.`,
    "",
  ];
  writeFileSync(path.join(here, "RESULTS.md"), lines.join("\n"));
  process.stdout.write(lines.join("\n"));
} finally {
  rmSync(work, { recursive: true, force: true });
}
