// Evidence for the parser choice: @cdktf/hcl2json (archived upstream, 2025-12-10) against its maintained fork
// @cdktn/hcl2json (what hcl-lint now installs), both fetched here with `npm pack`. Same Go code? (module versions and Go toolchain inside each WASM)
// Same output? (every .tf of infra/, the test fixtures and a generated corpus, and their templates, parsed by both
// and compared as JSON) Size and start-up? (a fresh process per run: load, compile, start Go, first parse;
// interleaved, median of 15). Writes PARSERS.md beside this file.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const PACKAGES = ["@cdktf/hcl2json@0.21.0", "@cdktn/hcl2json@0.24.0"];
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

const work = mkdtempSync(path.join(tmpdir(), "hcl-lint-parsers-"));
try {
  const packages = {};
  for (const spec of PACKAGES) {
    const into = path.join(work, spec.replace(/[@/]/g, "_"));
    execFileSync("mkdir", ["-p", into]);
    execFileSync("npm", ["pack", spec, "--silent", "--pack-destination", into], { stdio: ["ignore", "ignore", "inherit"] });
    const tarball = readdirSync(into).find((name) => name.endsWith(".tgz"));
    execFileSync("tar", ["xzf", path.join(into, tarball), "-C", into]);
    packages[spec.slice(0, spec.lastIndexOf("@"))] = path.join(into, "package");
  }

  const inside = (dir) => {
    const text = gunzipSync(readFileSync(path.join(dir, "main.wasm.gz"))).toString("latin1");
    const versions = (pattern) => [...new Set(text.match(pattern) ?? [])].sort().join(", ");
    return {
      version: JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).version,
      gz: statSync(path.join(dir, "main.wasm.gz")).size,
      wasm: gunzipSync(readFileSync(path.join(dir, "main.wasm.gz"))).length,
      go: versions(/go1\.\d+\.\d+/g),
      modules: versions(/github\.com\/(hashicorp\/hcl\/v2|tmccombs\/hcl2json|zclconf\/go-cty)@v[\w.-]+/g),
    };
  };

  // A child process that starts one package's WASM with its own Go glue and parses the given files (and templates).
  const child = `
const [dir, list, mode] = process.argv.slice(1);
const t0 = performance.now();
const fs = require("node:fs");
require(dir + "/wasm/bridge_wasm_exec.js");
const go = new globalThis.Go();
const root = {}; globalThis.__parse_terraform_config_wasm__ = root;
(async () => {
  const { instance } = await WebAssembly.instantiate(require("node:zlib").gunzipSync(fs.readFileSync(dir + "/main.wasm.gz")), go.importObject);
  void go.run(instance);
  const call = (fn, name, src) => new Promise((ok) => root[fn](name, src, (e, r) => ok(e ? "ERROR " + String(e).replace(/\\s+/g, " ") : r)));
  const files = JSON.parse(fs.readFileSync(list, "utf8"));
  const out = [];
  for (const f of files) {
    const json = await call("parse", "input.tf", fs.readFileSync(f, "utf8"));
    out.push(json);
    if (mode !== "all") break;
    for (const t of new Set(JSON.stringify(JSON.parse(json.startsWith("ERROR") ? "null" : json)).match(/"[^"]*\\$\\{[^"]*"/g) ?? [])) {
      out.push(await call("getExpressionAst", "t.tf", "<<EOT\\n" + JSON.parse(t) + "\\nEOT\\n"));
    }
  }
  if (mode === "all") fs.writeFileSync(list + ".out", JSON.stringify(out));
  process.stdout.write(String(performance.now() - t0));
  process.exit(0);
})();`;

  const tfFiles = (dir) => readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith(".tf") && !f.includes(".terraform")).map((f) => path.join(dir, f));
  const corpus = path.join(work, "corpus");
  execFileSync(process.execPath, [path.join(here, "corpus.js"), corpus, "200"]);
  const files = [...tfFiles(path.join(root, "infra")), ...tfFiles(path.join(root, "packages/hcl-lint/test/fixtures")), ...tfFiles(corpus)];
  const list = path.join(work, "files.json");
  writeFileSync(list, JSON.stringify(files));

  const outputs = {};
  for (const [name, dir] of Object.entries(packages)) {
    execFileSync(process.execPath, ["-e", child, dir, list, "all"]);
    outputs[name] = readFileSync(`${list}.out`, "utf8");
  }
  const a = JSON.parse(outputs["@cdktf/hcl2json"]);
  const b = JSON.parse(outputs["@cdktn/hcl2json"]);
  const differing = a.filter((value, i) => value !== b[i]).length;

  const first = path.join(work, "first.json");
  writeFileSync(first, JSON.stringify([path.join(root, "infra/ring.tf")]));
  const samples = Object.fromEntries(Object.keys(packages).map((name) => [name, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const [name, dir] of Object.entries(packages)) {
      const start = performance.now();
      const result = spawnSync(process.execPath, ["-e", child, dir, first, "first"], { encoding: "utf8" });
      samples[name].push({ wall: performance.now() - start, inside: Number(result.stdout) });
    }
  }
  const median = (values) => [...values].sort((x, y) => x - y)[Math.floor((values.length - 1) / 2)];
  const rows = Object.entries(packages).map(([name, dir]) => {
    const facts = inside(dir);
    return `| ${name} ${facts.version} | ${facts.go} | ${facts.modules} | ${(facts.gz / 1e6).toFixed(2)} MB / ${(facts.wasm / 1e6).toFixed(2)} MB | ${median(samples[name].map((s) => s.inside)).toFixed(0)} ms | ${median(samples[name].map((s) => s.wall)).toFixed(0)} ms |`;
  });
  const lines = [
    "# @cdktf/hcl2json or @cdktn/hcl2json",
    "",
    `Run: ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, load average ${loadavg()[0].toFixed(1)}.`,
    "Command: `node bench/hcl-lint/parsers.js` (fetches both packages with `npm pack`).",
    "",
    "| package | Go toolchain | Go modules inside | .wasm.gz / .wasm | start to first parse (in process) | whole process |",
    "| --- | --- | --- | ---: | ---: | ---: |",
    ...rows,
    "",
    `Same output: ${a.length} results (${files.length} files parsed, plus every template they contain through getExpressionAst), ${differing} differ.`,
    `Start-up: a fresh process per run, the two interleaved, median of ${RUNS}.`,
    "",
  ];
  writeFileSync(path.join(here, "PARSERS.md"), lines.join("\n"));
  process.stdout.write(lines.join("\n"));
} finally {
  rmSync(work, { recursive: true, force: true });
}
