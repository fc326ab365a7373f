/**
 * `.hcl-lint.json`, as read from disk: rule severities and options, and the plugins that add rules. Looked up from
 * each module's directory upwards, stopping at the repository root (the directory holding `.git`): the nearest
 * file wins, so a module can override the repository's file. `--config` names one file for every module.
 *
 *   { "plugins": { "acme": "./hcl-lint/acme.js" },
 *     "rules": { "pinned-image-tag": "error", "consul-bind-interface": ["error", { "interface": "eth1" }], "acme/memory-limit": "warning" } }
 *
 * This module only reads and checks the file's shape (cheap: a cache hit needs no more); rule ids and options are
 * checked against the rules in settings.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileError, HclLintUsageError } from "./errors.js";
import { isPlainObject } from "./objects.js";

export const CONFIG_FILE = ".hcl-lint.json";

export interface ConfigFile {
  path: string;
  /** The file's text: part of the cache key. */
  text: string;
  /** Rule id → `"off" | "warning" | "error"` or `[severity, options]`, as written. */
  rules: Record<string, unknown>;
  /** Plugin name (the rule-id prefix) → module specifier: a path relative to the file, or an installed package. */
  plugins: Record<string, string>;
}

/** The config file for a module: the nearest `.hcl-lint.json` between the module and the repository root. */
export function findConfigFile(moduleDir: string): string | undefined {
  let dir = moduleDir;
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (existsSync(path.join(dir, ".git")) || parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads a config file and checks its shape; every problem is a usage error naming the file. */
export function readConfigFile(file: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw fileError("read config", file, error);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new HclLintUsageError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (!isPlainObject(parsed)) throw new HclLintUsageError(`${file}: expected a JSON object with "rules" and/or "plugins"`);
  for (const key of Object.keys(parsed)) {
    if (key !== "rules" && key !== "plugins" && key !== "$schema") throw new HclLintUsageError(`${file}: unknown key "${key}" (allowed: rules, plugins)`);
  }
  const rules = parsed.rules ?? {};
  if (!isPlainObject(rules)) throw new HclLintUsageError(`${file}: "rules" must be an object of rule id → severity`);
  const plugins = parsed.plugins ?? {};
  if (!isPlainObject(plugins)) throw new HclLintUsageError(`${file}: "plugins" must be an object of plugin name → module (a relative path or a package name)`);
  for (const [name, specifier] of Object.entries(plugins)) {
    if (!/^[a-z0-9][\w.-]*$/i.test(name)) throw new HclLintUsageError(`${file}: plugin name "${name}" must be a plain word (it prefixes the plugin's rule ids: ${name}/<rule>)`);
    if (typeof specifier !== "string" || specifier === "") throw new HclLintUsageError(`${file}: plugins.${name} must name a module (a relative path or a package name)`);
  }
  return { path: file, text, rules, plugins: plugins as Record<string, string> };
}
