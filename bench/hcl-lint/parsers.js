// Evidence for the parser: three builds of the same Go code (tmccombs/hcl2json over hashicorp/hcl/v2) compared.
//  - @cdktf/hcl2json (WASM; upstream archived 2025-12-10) against its maintained fork @cdktn/hcl2json (WASM; what
//    hcl-lint installs), both fetched here with `npm pack`: the parser choice.
//  - @cdktn/hcl2json's WASM against the native build of the same Go modules (tools/hcl2json, built by its
//    build.sh), spoken to through hcl-lint's own client (dist/parser/native.js): it must answer exactly the same
//    text, or this script exits 1.
// Same Go code? (toolchain and modules linked into each build) Same output? (every .tf of infra/, the test
// fixtures, expressions.js and a generated corpus, and every template in them through getExpressionAst, compared
// as text) Start-up? (a fresh process per run: load, start, first parse; the three interleaved, median of RUNS).
// Writes PARSERS.md beside this file. Needs `pnpm build` (hcl-lint's dist/) first.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import { EXTRA_TEMPLATES, expressionFiles } from "./expressions.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const dist = path.join(root, "packages/hcl-lint/dist");
const PACKAGES = ["@cdktf/hcl2json@0.21.0", "@cdktn/hcl2json@0.24.0"];
const NATIVE = "native (tools/hcl2json)";
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

const { linkedModules } = await import(pathToFileURL(path.join(dist, "parser/wasm.js")).href);
const stamp = JSON.parse(readFileSync(path.join(dist, "hcl2json.wasm.json"), "utf8"));

// One child per build: starts it, then parses the listed files (and in "all" mode every template they contain, then
// the extra templates), writing every answer (or "ERROR <message>") to <list>.out; prints its time to first answer.
const CHILD = `
import { createRequire } from "node:module";
import fs from "node:fs";
import zlib from "node:zlib";
const [kind, where, list, mode] = process.argv.slice(2);
const t0 = performance.now();
const oneLine = (text) => "ERROR " + String(text).replace(/\\s+/g, " ");
let call;
if (kind === "wasm") {
  createRequire(import.meta.url)(where + "/wasm/bridge_wasm_exec.js");
  const go = new globalThis.Go();
  const exports = {};
  globalThis.__parse_terraform_config_wasm__ = exports;
  const { instance } = await WebAssembly.instantiate(zlib.gunzipSync(fs.readFileSync(where + "/main.wasm.gz")), go.importObject);
  void go.run(instance);
  call = (fn, name, src) => new Promise((ok) => exports[fn](name, src, (e, r) => ok(e ? oneLine(e) : r)));
} else {
  const { startNative } = await import(${JSON.stringify(pathToFileURL(path.join(dist, "parser/native.js")).href)});
  const parser = await startNative(where, ${JSON.stringify(stamp.modules)});
  call = (fn, name, src) => parser.call(fn, name, src).catch((e) => oneLine(e.message));
}
const { files, templates } = JSON.parse(fs.readFileSync(list, "utf8"));
const out = [];
let first;
for (const f of files) {
  const json = await call("parse", "input.tf", fs.readFileSync(f, "utf8"));
  first ??= performance.now() - t0;
  out.push(json);
  if (mode !== "all") break;
  for (const t of new Set(JSON.stringify(JSON.parse(json.startsWith("ERROR") ? "null" : json)).match(/"(?:[^"\\\\]|\\\\.)*\\$\\{(?:[^"\\\\]|\\\\.)*"/g) ?? [])) {
    out.push(await call("getExpressionAst", "t.tf", "<<EOT\\n" + JSON.parse(t) + "\\nEOT\\n"));
  }
}
if (mode === "all") for (const t of templates) out.push(await call("getExpressionAst", "t.tf", "<<EOT\\n" + t + "\\nEOT\\n"));
if (mode === "all") fs.writeFileSync(list + ".out", JSON.stringify(out));
process.stdout.write(String(first));
process.exit(0);
`;

const work = mkdtempSync(path.join(tmpdir(), "hcl-lint-parsers-"));
try {
  const child = path.join(work, "child.mjs");
  writeFileSync(child, CHILD);
  const builds = {};
  for (const spec of PACKAGES) {
    const into = path.join(work, spec.replace(/[@/]/g, "_"));
    mkdirSync(into, { recursive: true });
    execFileSync("npm", ["pack", spec, "--silent", "--pack-destination", into], { stdio: ["ignore", "ignore", "inherit"] });
    const tarball = readdirSync(into).find((name) => name.endsWith(".tgz"));
    execFileSync("tar", ["xzf", path.join(into, tarball), "-C", into]);
    const dir = path.join(into, "package");
    const version = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).version;
    const gz = readFileSync(path.join(dir, "main.wasm.gz"));
    const binary = gunzipSync(gz);
    builds[spec.slice(0, spec.lastIndexOf("@"))] = { kind: "wasm", where: dir, label: `${spec.slice(0, spec.lastIndexOf("@"))} ${version}`, binary, size: `${(gz.length / 1e6).toFixed(2)} MB / ${(binary.length / 1e6).toFixed(2)} MB` };
  }
  const nativeBinary = execFileSync("bash", [path.join(root, "tools/hcl2json/build.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
  const nativeBytes = readFileSync(nativeBinary);
  builds[NATIVE] = { kind: "native", where: nativeBinary, label: NATIVE, binary: nativeBytes, size: `${(statSync(nativeBinary).size / 1e6).toFixed(2)} MB (linux binary)` };

  const inside = ({ binary }) => {
    const text = binary.toString("latin1");
    const wanted = /^(github\.com\/(hashicorp\/hcl\/v2|tmccombs\/hcl2json|zclconf\/go-cty))@/;
    return {
      go: [...new Set(text.match(/go1\.\d+\.\d+/g) ?? [])].sort().join(", "),
      modules: linkedModules(binary).split(" ").filter((module) => wanted.test(module)).join(", "),
      all: linkedModules(binary),
    };
  };

  const tfFiles = (dir) => readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith(".tf") && !f.includes(".terraform")).map((f) => path.join(dir, f));
  const corpus = path.join(work, "corpus");
  execFileSync(process.execPath, [path.join(here, "corpus.js"), corpus, "200"]);
  const files = [...tfFiles(path.join(root, "infra")), ...tfFiles(path.join(root, "packages/hcl-lint/test/fixtures")), ...tfFiles(path.join(root, "packages/hcl-lint/examples")), ...expressionFiles(path.join(work, "expressions")), ...tfFiles(corpus)];
  // Template files (templatefile()) are parsed whole through getExpressionAst, as hcl-lint does.
  const templateFiles = [path.join(root, "infra"), path.join(root, "packages/hcl-lint/test/fixtures")].flatMap((dir) =>
    readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith(".tftpl")).map((f) => readFileSync(path.join(dir, f), "utf8")),
  );
  const list = path.join(work, "files.json");
  writeFileSync(list, JSON.stringify({ files, templates: [...EXTRA_TEMPLATES, ...templateFiles] }));

  const outputs = {};
  for (const [name, build] of Object.entries(builds)) {
    execFileSync(process.execPath, [child, build.kind, build.where, list, "all"], { stdio: ["ignore", "ignore", "inherit"] });
    outputs[name] = JSON.parse(readFileSync(`${list}.out`, "utf8"));
  }
  const compare = (a, b) => outputs[a].filter((value, i) => value !== outputs[b][i]).length + Math.abs(outputs[a].length - outputs[b].length);
  const forkDiffers = compare("@cdktf/hcl2json", "@cdktn/hcl2json");
  const nativeDiffers = compare("@cdktn/hcl2json", NATIVE);
  const errors = outputs[NATIVE].filter((answer) => answer.startsWith("ERROR")).length;
  for (const [i, value] of outputs[NATIVE].entries()) {
    if (value !== outputs["@cdktn/hcl2json"][i]) process.stderr.write(`parsers: answer ${i} differs:\n  wasm:   ${outputs["@cdktn/hcl2json"][i]?.slice(0, 300)}\n  native: ${value.slice(0, 300)}\n`);
  }

  const first = path.join(work, "first.json");
  writeFileSync(first, JSON.stringify({ files: [path.join(root, "infra/ring.tf")], templates: [] }));
  const samples = Object.fromEntries(Object.keys(builds).map((name) => [name, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const [name, build] of Object.entries(builds)) {
      const start = performance.now();
      const result = spawnSync(process.execPath, [child, build.kind, build.where, first, "first"], { encoding: "utf8" });
      samples[name].push({ wall: performance.now() - start, inside: Number(result.stdout) });
    }
  }
  const median = (values) => [...values].sort((x, y) => x - y)[Math.floor((values.length - 1) / 2)];
  const rows = Object.entries(builds).map(([name, build]) => {
    const facts = inside(build);
    return `| ${build.label} | ${facts.go} | ${facts.modules} | ${build.size} | ${median(samples[name].map((s) => s.inside)).toFixed(0)} ms | ${median(samples[name].map((s) => s.wall)).toFixed(0)} ms |`;
  });
  const sameModules = inside(builds[NATIVE]).all === inside(builds["@cdktn/hcl2json"]).all;
  const lines = [
    "# The parser: @cdktf/hcl2json, @cdktn/hcl2json, and the native build",
    "",
    `Run: ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, load average ${loadavg()[0].toFixed(1)}.`,
    "Command: `node bench/hcl-lint/parsers.js` (after `pnpm build`; fetches both packages with `npm pack`, builds tools/hcl2json).",
    "",
    "| build | Go toolchain | Go modules inside | size | start to first parse (in process) | whole process |",
    "| --- | --- | --- | ---: | ---: | ---: |",
    ...rows,
    "",
    `Answers compared: ${outputs[NATIVE].length} (${files.length} files parsed, every template in them, ${templateFiles.length} template files and ${EXTRA_TEMPLATES.length} more template texts, most of them malformed, through getExpressionAst; ${errors} answers are errors).`,
    `- @cdktf/hcl2json against @cdktn/hcl2json: ${forkDiffers} differ.`,
    `- @cdktn/hcl2json (WASM) against the native build: ${nativeDiffers} differ; linked Go modules ${sameModules ? "identical" : "DIFFERENT"} (${inside(builds[NATIVE]).all}).`,
    `Start-up: a fresh process per run, the three interleaved, median of ${RUNS}; the native build's process spawns the binary through hcl-lint's client.`,
    "",
  ];
  writeFileSync(path.join(here, "PARSERS.md"), lines.join("\n"));
  process.stdout.write(lines.join("\n"));
  if (nativeDiffers > 0 || !sameModules) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
