// Benchmarks hcl-lint on (a) infra/ and (b) a generated corpus of 1,000 module directories, cold (a new
// process per run, as pre-commit starts it) and warm (lint() repeated in one process), against a peer measured
// in the same run: raw @cdktf/hcl2json parsing of the same files (the parser every lint must pay for), plus
// `terraform fmt -check -recursive` when terraform is on PATH. Also splits out the position index's cost
// (tree-sitter). Writes RESULTS.md beside this file. Needs `pnpm build` first.
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const pkg = path.join(root, "packages/hcl-lint");
const bin = path.join(pkg, "dist/bin.js");
const infra = path.join(root, "infra");
const MODULES = Number(process.env.BENCH_MODULES ?? 1000);

const p50 = (samples) => [...samples].sort((a, b) => a - b)[Math.floor((samples.length - 1) / 2)];
const ms = (n) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const rate = (files, wall) => `${Math.round((files / wall) * 1000).toLocaleString("en-US")}`;

function tfFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== ".terraform") out.push(...tfFiles(full));
    else if (entry.name.endsWith(".tf")) out.push(full);
  }
  return out;
}

/** 1,000 modules shaped like the tutorial's and infra/'s: 4 files each; every 10th has the tutorial's mistakes. */
function generateCorpus(dir) {
  for (let i = 0; i < MODULES; i++) {
    const m = path.join(dir, `cluster-${String(i).padStart(4, "0")}`);
    mkdirSync(m, { recursive: true });
    const broken = i % 10 === 0;
    writeFileSync(path.join(m, "provider.tf"), `terraform {\n  required_providers {\n    docker = {\n      source  = "kreuzwerker/docker"\n${broken ? "" : '      version = "3.9.0"\n'}    }\n  }\n}\n\nprovider "docker" {\n  host = var.docker_host\n}\n\nvariable "docker_host" {\n  default = "unix:///var/run/docker.sock"\n}\n\nvariable "cluster_name" {\n  default = "cortex-${i}"\n}\n`);
    writeFileSync(path.join(m, "network.tf"), `resource "docker_network" "cortex-cluster" {\n  name = var.cluster_name\n}\n`);
    writeFileSync(path.join(m, "store.tf"), `resource "docker_image" "cassandra" {\n  name         = "cassandra:${broken ? "latest" : "4.1.7"}"\n  keep_locally = true\n}\n\nresource "docker_container" "store" {\n  name  = "\${var.cluster_name}-store"\n  image = docker_image.cassandra.${broken ? "latest" : "image_id"}\n  networks_advanced {\n    name = docker_network.cortex-cluster.name\n  }\n}\n`);
    writeFileSync(path.join(m, "ring.tf"), `resource "docker_image" "consul" {\n  name         = "hashicorp/consul:1.14.11"\n  keep_locally = true\n}\n\nresource "docker_container" "ring" {\n  name  = "\${var.cluster_name}-hash-ring"\n  image = docker_image.consul.image_id\n  env   = ["CONSUL_BIND_INTERFACE=eth0"]\n  networks_advanced {\n    name = docker_network.cortex-cluster.name\n  }\n  ports {\n    internal = 8500\n    external = ${8500 + (i % 1000)}\n    ip       = "127.0.0.1"\n  }\n}\n`);
  }
}

function cold(args, runs) {
  const samples = [];
  let status;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = spawnSync(args[0], args.slice(1), { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    samples.push(performance.now() - start);
    status = result.status;
    if (result.status !== 0 && result.status !== 1 && result.status !== 3) throw new Error(`${path.basename(args[1] ?? args[0])} exited ${result.status ?? result.error?.message}: ${String(result.stderr).slice(0, 500)}`);
  }
  return { p50: p50(samples), status };
}

async function warm(fn, runs) {
  await fn();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return p50(samples);
}

// A peer process: hcl2json parse of every file, sequentially, as the linter must at least do.
const peerScript = `
const files = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
const fs = require("node:fs");
const { parse } = require(${JSON.stringify(createRequire(path.join(pkg, "package.json")).resolve("@cdktf/hcl2json"))});
(async () => { for (const f of files) { try { await parse("x.tf", fs.readFileSync(f, "utf8")); } catch {} } })();
`;

const corpus = mkdtempSync(path.join(tmpdir(), "hcl-lint-bench-"));
try {
  generateCorpus(corpus);
  const infraFiles = tfFiles(infra);
  const corpusFiles = tfFiles(corpus);
  process.stderr.write(`bench hcl-lint: infra/ ${infraFiles.length} files, corpus ${corpusFiles.length} files in ${MODULES} modules\n`);

  const api = await import(pathToFileURL(path.join(pkg, "dist/index.js")).href);
  const { parseHcl } = await import(pathToFileURL(path.join(pkg, "dist/parser/hcl2json.js")).href);
  const { indexSource } = await import(pathToFileURL(path.join(pkg, "dist/parser/source-index.js")).href);

  // Sanity: the corpus finds what it plants (one `.latest` error in every 10th module), infra/ is clean.
  const corpusResults = await api.lint([corpus], { recursive: true });
  const corpusErrors = corpusResults.reduce((n, r) => n + r.errorCount, 0);
  const infraErrors = (await api.lint([infra])).reduce((n, r) => n + r.errorCount + r.warningCount, 0);

  const rows = [];
  const measure = async (label, files, target, coldRuns, warmRuns) => {
    const lintCold = cold([process.execPath, bin, "-f", "json", ...(target === corpus ? ["--recursive"] : []), target], coldRuns).p50;
    const lintWarm = await warm(() => api.lint([target], { recursive: target === corpus }), warmRuns);
    const list = path.join(corpus, `${files.length}-files.json`);
    writeFileSync(list, JSON.stringify(files));
    const peerCold = cold([process.execPath, "-e", peerScript, list], coldRuns).p50;
    const sources = files.map((f) => readFileSync(f, "utf8"));
    const peerWarm = await warm(async () => { for (const s of sources) await parseHcl(s); }, warmRuns);
    const indexWarm = await warm(async () => { for (const s of sources) await indexSource(s); }, warmRuns);
    let fmt;
    if (spawnSync("terraform", ["version"], { stdio: "ignore" }).status === 0) {
      fmt = cold(["terraform", "fmt", "-check", "-recursive", target], coldRuns).p50;
    }
    rows.push({ label, files: files.length, lintCold, lintWarm, peerCold, peerWarm, indexWarm, fmt });
  };
  await measure("infra/", infraFiles, infra, 10, 20);
  await measure(`corpus (${MODULES} modules)`, corpusFiles, corpus, 3, 3);

  // Position index start-up: a fresh process importing web-tree-sitter and loading the grammar.
  const initScript = `import(${JSON.stringify(pathToFileURL(path.join(pkg, "dist/parser/source-index.js")).href)}).then(async (m) => { const t = performance.now(); await m.indexSource("a = 1\\n"); console.log(performance.now() - t); });`;
  const inits = [];
  for (let i = 0; i < 5; i++) inits.push(Number(spawnSync(process.execPath, ["-e", initScript], { encoding: "utf8" }).stdout.trim()));
  const indexInit = p50(inits);

  const lines = [
    "# hcl-lint benchmark",
    "",
    `Run: ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, load average ${loadavg()[0].toFixed(1)} at the end`,
    "(the machine is shared with other jobs; compare ratios within one run, not absolute times across runs).",
    "Command: `node bench/run.js hcl-lint` (after `pnpm build`); corpus size via `BENCH_MODULES`.",
    "",
    "Cold = a new process per run, as pre-commit and CI start it (p50 of 10 runs for infra/, 3 for the corpus).",
    "Warm = `lint()` repeated in one process after a warm-up run (p50 of 20 / 3).",
    "Peer = the same files parsed by `@cdktf/hcl2json` alone (the parser of record, which any lint must pay for),",
    "in a fresh process (cold) and in-process (warm); `terraform fmt -check -recursive` as a second, native peer.",
    "",
    "| target | files | hcl-lint cold p50 | files/s | hcl-lint warm p50 | files/s | hcl2json parse cold | warm | lint ÷ parse (cold / warm) | terraform fmt -check | lint ÷ fmt |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map((r) => `| ${r.label} | ${r.files} | ${ms(r.lintCold)} | ${rate(r.files, r.lintCold)} | ${ms(r.lintWarm)} | ${rate(r.files, r.lintWarm)} | ${ms(r.peerCold)} | ${ms(r.peerWarm)} | ${(r.lintCold / r.peerCold).toFixed(2)} / ${(r.lintWarm / r.peerWarm).toFixed(2)} | ${r.fmt === undefined ? "n/a" : ms(r.fmt)} | ${r.fmt === undefined ? "n/a" : (r.lintCold / r.fmt).toFixed(1)} |`),
    "",
    "## Position index (tree-sitter) cost",
    "",
    `- Start-up in a fresh process (import web-tree-sitter, load the grammar, first parse): p50 ${ms(indexInit)}.`,
    ...rows.map((r) => `- ${r.label}: indexing all ${r.files} files warm takes ${ms(r.indexWarm)} (${((r.indexWarm / r.files) * 1000).toFixed(0)} µs a file), ${((r.indexWarm / r.lintWarm) * 100).toFixed(1)} % of the warm lint and ${((r.indexWarm / r.peerWarm) * 100).toFixed(1)} % of hcl2json's parse of the same files.`),
    "",
    "## Checks made in the same run",
    "",
    `- infra/ findings: ${infraErrors} (must be 0). Corpus errors: ${corpusErrors} (expected ${Math.ceil(MODULES / 10)}: every 10th module keeps the tutorial's \`docker_image.cassandra.latest\`).`,
    "",
  ];
  writeFileSync(path.join(here, "RESULTS.md"), lines.join("\n"));
  process.stdout.write(lines.join("\n"));
  if (infraErrors !== 0 || corpusErrors !== Math.ceil(MODULES / 10)) process.exitCode = 1;
} finally {
  rmSync(corpus, { recursive: true, force: true });
}
