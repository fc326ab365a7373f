// Builds the front end into dist/web at package build time (no build server at run time): one minified ES
// module and one stylesheet (esbuild: a bundler made for this, sub-second, no runtime dependency), and the page.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "dist/web");
mkdirSync(out, { recursive: true });
const common = { bundle: true, minify: true, logLevel: "warning", legalComments: "none" };
await build({ ...common, entryPoints: [join(here, "src/web/main.ts")], outfile: join(out, "app.js"), format: "esm", target: ["chrome120", "firefox121", "safari17"] });
await build({ ...common, entryPoints: [join(here, "src/web/style.css")], outfile: join(out, "app.css"), target: ["chrome120", "firefox121", "safari17"] });
copyFileSync(join(here, "src/web/index.html"), join(out, "index.html"));
