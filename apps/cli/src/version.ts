import { createRequire } from "node:module";

/** This CLI's version (package.json), for --version and the User-Agent it sends. */
export const VERSION = (createRequire(import.meta.url)("../package.json") as { version: string }).version;
