/**
 * Lints one module whose findings were not in the cache: loads its rules (built-in and the config's plugins),
 * variable values and files, analyses it, and with --fix applies fixes and re-lints until nothing is left to fix,
 * as ESLint does. Loaded only on a cache miss: it is what pulls in the parsers and the rules.
 */
import { analyseModule, type FileFindings } from "./analyse.js";
import type { ConfigFile } from "./config-file.js";
import { readFromDisk } from "./module/read-file.js";
import { mergeVarFiles } from "./module/variables.js";
import type { SourceFile } from "./module/source-file.js";
import type { LoadedPlugin } from "./plugins.js";
import { activeRules, ruleCatalogue } from "./settings.js";
import type { Fix, SeveritySetting } from "./types.js";

/** --fix re-lints after fixing, as ESLint does, until nothing is left to fix (bounded). */
const MAX_FIX_PASSES = 10;

export interface ModuleJob {
  dir: string;
  files: SourceFile[];
  config: ConfigFile | undefined;
  overrides: Record<string, SeveritySetting>;
  varFiles: string[];
  fix: boolean;
}

export interface ModuleOutcome {
  findings: Map<string, FileFindings>;
  /** Each file's text after fixes (unchanged without --fix). */
  sources: Map<string, string>;
  failedPlugins: LoadedPlugin[];
  /** Files outside the module the configuration read (templatefile(), file()) → their text, undefined when missing: the cache checks them. */
  reads: Map<string, string | undefined>;
}

export async function lintModule(job: ModuleJob): Promise<ModuleOutcome> {
  const catalogue = await ruleCatalogue(job.config);
  const rules = activeRules(catalogue, job.config, job.overrides);
  const knownRuleIds = new Set(catalogue.rules.keys());
  const varValues = await mergeVarFiles(job.varFiles);
  const sources = new Map<string, string>();
  for (const file of job.files) if (file.source !== undefined) sources.set(file.path, file.source);
  const reads = new Map<string, string | undefined>();
  const readFile = (file: string): string | undefined => {
    const text = readFromDisk(file);
    reads.set(file, text);
    return text;
  };
  const analyse = () =>
    analyseModule({
      dir: job.dir,
      files: job.files.map((file) => ({ path: file.path, source: sources.get(file.path) ?? "", ...(file.problem ? { problem: file.problem } : {}) })),
      rules,
      knownRuleIds,
      varValues,
      readFile,
    });
  let findings = await analyse();
  for (let pass = 0; job.fix && pass < MAX_FIX_PASSES; pass++) {
    let changed = false;
    for (const [file, { messages }] of findings) {
      const fixes = messages.flatMap((message) => (message.fix ? [message.fix] : []));
      if (fixes.length === 0) continue;
      sources.set(file, applyFixes(sources.get(file) ?? "", fixes));
      changed = true;
    }
    if (!changed) break;
    findings = await analyse();
  }
  return { findings, sources, failedPlugins: catalogue.failed, reads };
}

/** Applies non-overlapping fixes (the first one wins on overlap); every byte outside them stays as it was. */
export function applyFixes(source: string, fixes: Fix[]): string {
  let output = "";
  let cursor = 0;
  for (const fix of [...fixes].sort((a, b) => a.range[0] - b.range[0])) {
    if (fix.range[0] < cursor) continue;
    output += source.slice(cursor, fix.range[0]) + fix.text;
    cursor = fix.range[1];
  }
  return output + source.slice(cursor);
}
