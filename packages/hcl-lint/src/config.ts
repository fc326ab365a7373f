/**
 * `.hcl-lint.json`: rule severities and options. Looked up from each module's directory upwards, stopping at
 * the repository root (the directory holding `.git`): the nearest file wins, so a module can override the
 * repository's file. `--config` names one file for every module; `--rule id=sev` overrides both.
 *
 *   { "rules": { "pinned-image-tag": "error", "consul-bind-interface": ["error", { "interface": "eth1" }] } }
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { HclLintUsageError } from "./errors.js";
import { rules } from "./rules/index.js";
import type { OptionsSchema } from "./rules/rule.js";
import type { SeveritySetting } from "./types.js";

export const CONFIG_FILE = ".hcl-lint.json";

export interface RuleSetting {
  severity: 0 | 1 | 2;
  options: object;
}

/** Every rule's effective setting for one module. */
export type RuleSettings = Map<string, RuleSetting>;

const SEVERITIES: Record<SeveritySetting, 0 | 1 | 2> = { off: 0, warning: 1, error: 2 };

export function parseSeverity(value: unknown, where: string): 0 | 1 | 2 {
  if (typeof value === "string" && Object.hasOwn(SEVERITIES, value)) return SEVERITIES[value as SeveritySetting];
  throw new HclLintUsageError(`${where}: severity must be "off", "warning" or "error", not ${JSON.stringify(value)}`);
}

export function knownRule(id: string, where: string): void {
  if (!rules.has(id)) throw new HclLintUsageError(`${where}: unknown rule "${id}" (known: ${[...rules.keys()].join(", ")})`);
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

/** Reads and checks a config file; every problem is a usage error naming the file. */
export async function readConfigFile(file: string): Promise<Map<string, { severity: 0 | 1 | 2; options?: object }>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new HclLintUsageError(`cannot read config ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new HclLintUsageError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (!isPlainObject(parsed)) throw new HclLintUsageError(`${file}: expected a JSON object with "rules"`);
  for (const key of Object.keys(parsed)) {
    if (key !== "rules" && key !== "$schema") throw new HclLintUsageError(`${file}: unknown key "${key}" (allowed: rules)`);
  }
  const settings = new Map<string, { severity: 0 | 1 | 2; options?: object }>();
  const configured = parsed.rules ?? {};
  if (!isPlainObject(configured)) throw new HclLintUsageError(`${file}: "rules" must be an object of rule id → severity`);
  for (const [id, value] of Object.entries(configured)) {
    const where = `${file}: rules.${id}`;
    knownRule(id, file);
    if (Array.isArray(value)) {
      const [severity, options, ...extra] = value as unknown[];
      if (extra.length > 0) throw new HclLintUsageError(`${where}: expected [severity, options]`);
      settings.set(id, { severity: parseSeverity(severity, where), ...(options === undefined ? {} : { options: checkOptions(id, options, where) }) });
    } else {
      settings.set(id, { severity: parseSeverity(value, where) });
    }
  }
  return settings;
}

/** Defaults, then the config file, then `--rule` overrides. */
export function resolveSettings(
  file: Map<string, { severity: 0 | 1 | 2; options?: object }> | undefined,
  overrides: Record<string, SeveritySetting> = {},
): RuleSettings {
  const settings: RuleSettings = new Map();
  for (const [id, rule] of rules) {
    const configured = file?.get(id);
    const severity = Object.hasOwn(overrides, id)
      ? parseSeverity(overrides[id], `--rule ${id}`)
      : (configured?.severity ?? SEVERITIES[rule.meta.severity]);
    settings.set(id, { severity, options: { ...rule.meta.defaultOptions, ...configured?.options } });
  }
  for (const id of Object.keys(overrides)) knownRule(id, "--rule");
  return settings;
}

/** Checks options against the rule's schema: known keys, right types. */
export function checkOptions(id: string, options: unknown, where: string): object {
  const schema: OptionsSchema | undefined = rules.get(id)?.meta.schema;
  if (!schema) throw new HclLintUsageError(`${where}: rule "${id}" takes no options`);
  if (!isPlainObject(options)) throw new HclLintUsageError(`${where}: options must be an object`);
  for (const [key, value] of Object.entries(options)) {
    const property = schema.properties[key];
    if (!property) throw new HclLintUsageError(`${where}: unknown option "${key}" (known: ${Object.keys(schema.properties).join(", ")})`);
    const ok =
      property.type === "array"
        ? Array.isArray(value) && value.every((item) => matches(property.items?.type ?? "string", item))
        : matches(property.type, value);
    if (!ok) throw new HclLintUsageError(`${where}: option "${key}" must be ${property.type === "array" ? `an array of ${property.items?.type ?? "string"}s` : `a ${property.type}`}`);
  }
  return options;
}

function matches(type: string, value: unknown): boolean {
  if (type === "integer") return Number.isInteger(value);
  return typeof value === type;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
