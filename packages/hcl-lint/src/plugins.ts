/**
 * Plugins: modules that export rules written with `defineRule`, in ESLint's plugin shape
 *   export default { meta: { name, version }, rules: { "memory-limit": rule, … } }
 * named in `.hcl-lint.json` (`"plugins": { "acme": "./hcl-lint/acme.js" }`, a path relative to that file or an
 * installed package). Their rules are `acme/memory-limit`. A plugin that cannot be found, imported or understood is
 * reported (naming the plugin) and its rules do not run; every other rule still does.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { isPlainObject } from "./objects.js";
import type { AnyRule } from "./rules/rule.js";

export interface PluginRef {
  name: string;
  specifier: string;
  /** The config file that names it (relative paths and packages resolve from there). */
  configFile: string;
  /** The resolved entry file; undefined when it cannot be found (see error). */
  file?: string;
  error?: string;
}

export interface LoadedPlugin {
  ref: PluginRef;
  /** Full rule id (`acme/memory-limit`) → rule. */
  rules: Map<string, AnyRule>;
  /** Why the plugin did not load; its rules are then absent. */
  error?: string;
}

export function resolvePlugin(name: string, specifier: string, configFile: string): PluginRef {
  const ref: PluginRef = { name, specifier, configFile };
  const relative = specifier.startsWith(".") || path.isAbsolute(specifier);
  try {
    const file = relative ? path.resolve(path.dirname(configFile), specifier) : createRequire(configFile).resolve(specifier);
    if (!existsSync(file)) return { ...ref, error: `no such file: ${file}` };
    return { ...ref, file };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ...ref, error: code === "MODULE_NOT_FOUND" ? `cannot find package "${specifier}" from ${path.dirname(configFile)} (npm install --save-dev ${specifier})` : (error as Error).message.split("\n")[0] };
  }
}

/** What identifies a plugin's code for the cache: its package's name@version, or the entry file's hash. */
export function pluginFingerprint(ref: PluginRef): string {
  if (!ref.file) return `${ref.name}:unresolved:${ref.specifier}`;
  if (!ref.specifier.startsWith(".") && !path.isAbsolute(ref.specifier)) {
    for (let dir = path.dirname(ref.file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const manifest = path.join(dir, "package.json");
      if (!existsSync(manifest)) continue;
      const { name, version } = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; version?: string };
      if (name) return `${ref.name}:${name}@${version ?? "?"}`;
    }
  }
  // node:crypto is loaded only here and by the cache: a cold run without either does not pay its ~4 ms.
  return `${ref.name}:${process.getBuiltinModule("node:crypto").createHash("sha256").update(readFileSync(ref.file)).digest("hex")}`;
}

export async function loadPlugin(ref: PluginRef): Promise<LoadedPlugin> {
  const failed = (error: string): LoadedPlugin => ({ ref, rules: new Map(), error });
  if (!ref.file) return failed(ref.error ?? "not found");
  let exported: unknown;
  try {
    const module = (await import(pathToFileURL(ref.file).href)) as { default?: unknown };
    exported = module.default ?? module;
  } catch (error) {
    return failed(`import failed: ${(error instanceof Error ? error.message : String(error)).split("\n")[0] ?? ""}`);
  }
  const rules = isPlainObject(exported) ? exported.rules : undefined;
  if (!isPlainObject(rules)) return failed('it exports no "rules" object (export default { rules: { "<id>": defineRule(…) } })');
  const loaded = new Map<string, AnyRule>();
  for (const [id, rule] of Object.entries(rules)) {
    const problem = ruleProblem(id, rule);
    if (problem) return failed(`rule "${id}": ${problem}`);
    loaded.set(`${ref.name}/${id}`, rule as AnyRule);
  }
  return { ref, rules: loaded };
}

/** The checks `defineRule`'s types make, repeated at run time for plugins written in plain JavaScript. */
function ruleProblem(id: string, rule: unknown): string | undefined {
  if (!isPlainObject(rule) || typeof rule.create !== "function") return "not a rule (use defineRule({ meta, create }))";
  const meta = rule.meta;
  if (!isPlainObject(meta)) return "has no meta";
  if (meta.id !== id) return `meta.id is ${JSON.stringify(meta.id)}; it must equal its key in rules`;
  if (meta.severity !== "error" && meta.severity !== "warning") return 'meta.severity must be "error" or "warning"';
  if (!isPlainObject(meta.messages)) return "meta.messages must be an object of message id → text";
  if (!isPlainObject(meta.docs)) return "meta.docs must be { description, url }";
  return undefined;
}
