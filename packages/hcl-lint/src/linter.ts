/**
 * lint(): paths → modules → (cache, or parse + rules) → results. Everything a cache hit needs is loaded here;
 * the parsers and the rules are loaded only when some module is not in the cache (lint-module.ts).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { findConfigFile, readConfigFile, type ConfigFile } from "./config-file.js";
import { fileError } from "./errors.js";
import { readSourceFile, type SourceFile } from "./module/source-file.js";
import { resolveTargets, type ModuleTarget } from "./module/targets.js";
import type { FileFindings } from "./runner.js";
import type { LintMessage, LintOptions, LintResult, SuppressedMessage } from "./types.js";

type Engine = typeof import("./lint-module.js");

export async function lint(paths: string[], options: LintOptions = {}): Promise<LintResult[]> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const fix = options.fix ?? false;
  const overrides = options.rules ?? {};
  const targets = await resolveTargets(paths.length > 0 ? paths : ["."], cwd, options.recursive ?? false);
  const explicit = options.config ? readConfigFile(path.resolve(cwd, options.config)) : undefined;
  const configs = new Map<string, ConfigFile | undefined>();
  const configFor = (dir: string): ConfigFile | undefined => {
    if (explicit) return explicit;
    const file = findConfigFile(dir);
    if (file && !configs.has(file)) configs.set(file, readConfigFile(file));
    return file ? configs.get(file) : undefined;
  };
  const extraVarFiles = (options.varFiles ?? []).map((file) => path.resolve(cwd, file));
  // --fix rewrites files: it always lints. (Loaded only when asked: a cold run pays for every module it loads.)
  const caching = options.cache && !fix ? await import("./cache.js") : undefined;
  const cache = caching?.LintCache.open(options.cacheLocation ? caching.resolveCacheLocation(options.cacheLocation, cwd) : caching.defaultCacheLocation(cwd));

  const modules = targets.map((target) => {
    const files = target.files.map(readSourceFile);
    const config = configFor(target.dir);
    const varFiles = [...target.varFiles, ...extraVarFiles];
    const key = caching?.moduleKey(files, config, varFiles, overrides);
    return { target, files, config, varFiles, key, findings: key ? cache?.get(target.dir, key) : undefined };
  });

  const misses = modules.filter((module) => !module.findings);
  let engine: Engine | undefined;
  if (misses.length > 0) {
    // The parser first: it starts (a process, or the WASM compiling) while the engine and the rules load.
    const { preloadHcl2json } = await import("./parser/hcl2json.js");
    preloadHcl2json(misses.flatMap((module) => module.files.flatMap((file) => (file.source !== undefined && file.path.endsWith(".tf") ? [file.source] : []))));
    engine = await import("./lint-module.js");
  }
  const results: LintResult[] = [];
  const pluginProblems = new Map<string, LintResult>();
  for (const module of modules) {
    let findings = module.findings;
    let sources = new Map(module.files.flatMap((file) => (file.source === undefined ? [] : [[file.path, file.source] as const])));
    if (!findings && engine) {
      const outcome = await engine.lintModule({ dir: module.target.dir, files: module.files, config: module.config, overrides, varFiles: module.varFiles, fix });
      findings = outcome.findings;
      for (const plugin of outcome.failedPlugins) {
        const message = `Plugin "${plugin.ref.name}" (${plugin.ref.specifier}) failed to load: ${plugin.error ?? "unknown error"}; its rules did not run`;
        pluginProblems.set(`${plugin.ref.configFile}\0${plugin.ref.name}`, toResult(plugin.ref.configFile, [{ ruleId: null, fatal: true, severity: 2, message, line: 1, column: 1 }], [], {}));
      }
      const fixed = outcome.sources;
      if (module.key && outcome.failedPlugins.length === 0) cache?.set(module.target.dir, module.key, findings, outcome.reads);
      for (const file of module.files) {
        const text = fixed.get(file.path);
        if (text === undefined || text === sources.get(file.path) || (module.target.reported && !module.target.reported.has(file.path))) continue;
        try {
          writeFileSync(file.path, text);
        } catch (error) {
          throw fileError("write fix to", file.path, error);
        }
      }
      const original = sources;
      sources = fixed;
      results.push(...moduleResults(module.target, module.files, findings, sources, original));
      continue;
    }
    results.push(...moduleResults(module.target, module.files, findings ?? new Map<string, FileFindings>(), sources, sources));
  }
  cache?.save();
  results.push(...mergePluginProblems(pluginProblems));
  return results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
}

function moduleResults(target: ModuleTarget, files: SourceFile[], findings: Map<string, FileFindings>, sources: Map<string, string>, original: Map<string, string>): LintResult[] {
  return files
    .filter((file) => !target.reported || target.reported.has(file.path))
    .map((file) => {
      const { messages, suppressed } = findings.get(file.path) ?? { messages: [], suppressed: [] };
      const source = sources.get(file.path);
      const fixed = source !== undefined && source !== original.get(file.path);
      return toResult(file.path, messages, suppressed, fixed ? { output: source } : messages.length > 0 && source !== undefined ? { source } : {});
    });
}

/** One result per config file, however many modules share it. */
function mergePluginProblems(problems: Map<string, LintResult>): LintResult[] {
  const byFile = new Map<string, LintResult>();
  for (const result of problems.values()) {
    const existing = byFile.get(result.filePath);
    byFile.set(result.filePath, existing ? toResult(result.filePath, [...existing.messages, ...result.messages], [], {}) : result);
  }
  return [...byFile.values()];
}

function toResult(filePath: string, messages: LintMessage[], suppressed: SuppressedMessage[], text: { source?: string; output?: string }): LintResult {
  const errors = messages.filter((message) => message.severity === 2);
  const warnings = messages.filter((message) => message.severity === 1);
  return {
    filePath,
    messages,
    suppressedMessages: suppressed,
    errorCount: errors.length,
    warningCount: warnings.length,
    fixableErrorCount: errors.filter((message) => message.fix).length,
    fixableWarningCount: warnings.filter((message) => message.fix).length,
    fatalErrorCount: messages.filter((message) => message.fatal).length,
    ...text,
  };
}
