// Build step: bundles the command (dist/bin.js and every module it loads) into a few files, because a short run
// spends a fifth of its time resolving, reading and linking ~60 small modules one by one. The code stays split
// where the command loads it lazily (a cache hit loads neither the engine nor the parsers). The library entry
// points (index.js, testing/, terraform-module.js) stay tsc's modules; dependencies stay in node_modules.
// Every output file sits in dist/ itself, so a module's `import.meta.url` is rewritten to where its tsc output
// sits (dist/parser/wasm.js finds ../hcl2json.wasm as before).
import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { rolldown } from "rolldown";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const MARK = "// hcl-lint's command, bundled by scripts/bundle-cli.js";
if (readFileSync(path.join(dist, "bin.js"), "utf8").includes(MARK)) throw new Error("dist/bin.js is already the bundle: run tsc first (pnpm build)");
for (const name of readdirSync(dist)) if (name.startsWith("cli-") && name.endsWith(".js")) rmSync(path.join(dist, name));

const bundle = await rolldown({
  input: path.join(dist, "bin.js"),
  platform: "node",
  // Packages (and Node's built-ins) are imported from where they are installed, as before.
  external: (id) => !id.startsWith(".") && !path.isAbsolute(id),
  plugins: [
    {
      name: "module-url",
      transform(code, id) {
        if (!code.includes("import.meta.url")) return null;
        const original = `./${path.relative(dist, id).split(path.sep).join("/")}`;
        return { code: code.replaceAll("import.meta.url", `new URL(${JSON.stringify(original)}, import.meta.url).href`), map: null };
      },
    },
  ],
});
await bundle.write({ dir: dist, format: "esm", entryFileNames: "bin.js", chunkFileNames: "cli-[name]-[hash].js", sourcemap: true, banner: (chunk) => (chunk.isEntry ? MARK : "") });
await bundle.close();
