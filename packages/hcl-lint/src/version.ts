/** hcl-lint's version and its parser's: part of `--version` and of every cache key. Read once, synchronously. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The npm package that carries the parser's WASM (parser/hcl2json.ts loads it; scripts/copy-wasm.js copies it). */
export const HCL2JSON_PACKAGE = "@cdktn/hcl2json";

const versionIn = (manifest: string | URL): string => (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;

export const VERSION = versionIn(new URL("../package.json", import.meta.url));

/** The version of an installed package (as its package.json says); throws when it is not installed. */
function installedVersion(name: string): string {
  return versionIn(require.resolve(`${name}/package.json`));
}

/** The parser package's name@version (a parser upgrade can change findings, so it is part of the cache key). */
export const HCL2JSON_VERSION = ((): string => {
  try {
    return `${HCL2JSON_PACKAGE}@${installedVersion(HCL2JSON_PACKAGE)}`;
  } catch {
    return `${HCL2JSON_PACKAGE}@unknown`;
  }
})();
