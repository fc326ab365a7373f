/** hcl-lint's version and its parser's: part of `--version` and of every cache key. Read once, synchronously. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The npm package that carries the parser's WASM (parser/hcl2json.ts loads it; scripts/copy-wasm.js copies it). */
export const HCL2JSON_PACKAGE = "@cdktn/hcl2json";

export const VERSION = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;

/** The parser package's name@version (a parser upgrade can change findings, so it is part of the cache key). */
export const HCL2JSON_VERSION = ((): string => {
  try {
    const manifest = require.resolve(`${HCL2JSON_PACKAGE}/package.json`);
    return `${HCL2JSON_PACKAGE}@${(JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version}`;
  } catch {
    return `${HCL2JSON_PACKAGE}@unknown`;
  }
})();
