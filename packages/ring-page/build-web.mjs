// Builds the page into dist/web at package build time (no build server at run time): index.html with the
// stylesheet inline (the first paint needs nothing else: the server fills in the rings where the marks are), and
// app.js, one minified script (esbuild: a bundler made for this, sub-second, no runtime dependency) that the page
// loads just after its first paint.
import { build } from "esbuild";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "dist/web");
const common = { bundle: true, minify: true, write: false, logLevel: "warning", legalComments: "none", target: ["chrome120", "firefox121", "safari17"] };
const [script, style] = await Promise.all([
  build({ ...common, entryPoints: [join(here, "src/web/main.ts")], format: "iife" }),
  build({ ...common, entryPoints: [join(here, "src/web/style.css")] }),
]);
const text = (result) => result.outputFiles[0].text.trim();
const js = text(script);
const css = text(style);
// Make sure nothing could end the inline stylesheet early.
if (/<\/style/i.test(css)) throw new Error("build-web: the stylesheet contains a closing tag");
const html = readFileSync(join(here, "src/web/index.html"), "utf8").replace("<!--ring-page:style-->", () => `<style>${css}</style>`);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "index.html"), html);
writeFileSync(join(out, "app.js"), js);
