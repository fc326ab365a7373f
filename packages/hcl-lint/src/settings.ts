/**
 * Which rules run on a module, with which severity and options: built-in defaults, then the config file, then
 * `--rule id=sev`. Rule ids and options are checked here against every known rule (built-in and plugins').
 */
import type { ConfigFile } from "./config-file.js";
import { HclLintUsageError } from "./errors.js";
import { isPlainObject } from "./objects.js";
import { loadPlugin, resolvePlugin, type LoadedPlugin } from "./plugins.js";
import { rules as builtIn } from "./rules/index.js";
import type { AnyRule, OptionsSchema } from "./rules/rule.js";
import type { ActiveRule } from "./runner.js";
import { parseSeverity, SEVERITIES } from "./severity.js";
import type { SeveritySetting } from "./types.js";

/** Every rule a config makes available: built-in ones and its plugins'. */
export interface RuleCatalogue {
  rules: Map<string, { rule: AnyRule; plugin?: string }>;
  /** Plugins that did not load (reported by the linter; their rules are absent). */
  failed: LoadedPlugin[];
}

const loaded = new Map<string, Promise<LoadedPlugin>>();

export async function ruleCatalogue(config: ConfigFile | undefined): Promise<RuleCatalogue> {
  const catalogue: RuleCatalogue = { rules: new Map([...builtIn].map(([id, rule]) => [id, { rule }])), failed: [] };
  for (const [name, specifier] of Object.entries(config?.plugins ?? {})) {
    const ref = resolvePlugin(name, specifier, config?.path ?? "");
    const key = `${name}\0${ref.file ?? specifier}`;
    let plugin = loaded.get(key);
    if (!plugin) loaded.set(key, (plugin = loadPlugin(ref)));
    const result = await plugin;
    if (result.error) catalogue.failed.push(result);
    for (const [id, rule] of result.rules) catalogue.rules.set(id, { rule, plugin: name });
  }
  return catalogue;
}

export function activeRules(catalogue: RuleCatalogue, config: ConfigFile | undefined, overrides: Record<string, SeveritySetting> = {}): ActiveRule[] {
  const failedPlugins = new Set(catalogue.failed.map((plugin) => plugin.ref.name));
  const known = (id: string, where: string): boolean => {
    if (catalogue.rules.has(id)) return true;
    // A rule of a plugin that did not load: the load failure is reported instead.
    if (failedPlugins.has(id.split("/")[0] ?? "")) return false;
    throw new HclLintUsageError(`${where}: unknown rule "${id}" (known: ${[...catalogue.rules.keys()].join(", ")})`);
  };
  const configured = new Map<string, { severity: 0 | 1 | 2; options?: object }>();
  for (const [id, value] of Object.entries(config?.rules ?? {})) {
    const where = `${config?.path ?? ""}: rules.${id}`;
    if (!known(id, config?.path ?? "")) continue;
    if (Array.isArray(value)) {
      const [severity, options, ...extra] = value as unknown[];
      if (extra.length > 0) throw new HclLintUsageError(`${where}: expected [severity, options]`);
      const rule = catalogue.rules.get(id)?.rule;
      configured.set(id, { severity: parseSeverity(severity, where), ...(options === undefined || !rule ? {} : { options: checkOptions(rule, options, where) }) });
    } else {
      configured.set(id, { severity: parseSeverity(value, where) });
    }
  }
  // `--rule id=sev` (the CLI only splits it; API callers pass the same record): checked here, for every caller.
  const overridden = new Map<string, 0 | 1 | 2>();
  for (const [id, severity] of Object.entries(overrides)) if (known(id, "--rule")) overridden.set(id, parseSeverity(severity, `--rule ${id}`));
  const active: ActiveRule[] = [];
  for (const [id, { rule, plugin }] of catalogue.rules) {
    const severity = overridden.get(id) ?? configured.get(id)?.severity ?? SEVERITIES[rule.meta.severity];
    if (severity === 0) continue;
    active.push({ id, rule, severity, options: { ...rule.meta.defaultOptions, ...configured.get(id)?.options }, ...(plugin === undefined ? {} : { plugin }) });
  }
  return active;
}

/** Checks options against the rule's schema: known keys, right types. */
export function checkOptions(rule: AnyRule, options: unknown, where: string): object {
  const schema: OptionsSchema | undefined = rule.meta.schema;
  if (!schema) throw new HclLintUsageError(`${where}: rule "${rule.meta.id}" takes no options`);
  if (!isPlainObject(options)) throw new HclLintUsageError(`${where}: options must be an object`);
  for (const [key, value] of Object.entries(options)) {
    const property = schema.properties[key];
    if (!property) throw new HclLintUsageError(`${where}: unknown option "${key}" (known: ${Object.keys(schema.properties).join(", ")})`);
    const ok = property.type === "array" ? Array.isArray(value) && value.every((item) => matches(property.items?.type ?? "string", item)) : matches(property.type, value);
    if (!ok) throw new HclLintUsageError(`${where}: option "${key}" must be ${property.type === "array" ? `an array of ${property.items?.type ?? "string"}s` : `a ${property.type}`}`);
  }
  return options;
}

function matches(type: string, value: unknown): boolean {
  if (type === "integer") return Number.isInteger(value);
  return typeof value === type;
}
