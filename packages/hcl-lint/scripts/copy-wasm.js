// Build step: copies hcl2json's WASM un-gzipped into dist/ (saves every cold run a 20 ms gunzip; the npm tarball
// is gzipped anyway, so the download does not grow) with a stamp naming the package version it came from and the
// Go modules linked into it (a native build of the parser must name the same ones: src/parser/native.ts).
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { gunzipSync } from "node:zlib";

const dist = new URL("../dist/", import.meta.url);
const { HCL2JSON_PACKAGE } = await import(new URL("version.js", dist).href);
const { linkedModules } = await import(new URL("parser/wasm.js", dist).href);
const require = createRequire(new URL("../package.json", import.meta.url));
const packageDir = path.dirname(require.resolve(`${HCL2JSON_PACKAGE}/package.json`));
const { version } = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8"));
const wasm = gunzipSync(readFileSync(path.join(packageDir, "main.wasm.gz")));
writeFileSync(new URL("hcl2json.wasm", dist), wasm);
writeFileSync(new URL("hcl2json.wasm.json", dist), `${JSON.stringify({ package: HCL2JSON_PACKAGE, version, modules: linkedModules(wasm) })}\n`);
