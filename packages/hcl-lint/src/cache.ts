/**
 * `--cache`: ESLint's idea, per module. A module's findings are kept under a key made of everything they depend
 * on — every file's bytes, the config file, the var files, hcl-lint's and the parser's versions, the plugins'
 * versions, the `--rule` overrides — so a hit is exact and loads neither parser. One JSON file; written to a
 * temporary file and renamed (atomic: a second hook running at once reads the old file or the new one, never half
 * of one), merged with what another run wrote meanwhile. An unreadable or corrupt cache is ignored and rewritten.
 *
 * Default location: node_modules/.cache/hcl-lint/ in the working directory when there is a node_modules (the
 * convention of babel, terser and ava: already ignored by git and by packagers, gone with `rm -rf node_modules`);
 * otherwise $XDG_CACHE_HOME/hcl-lint/ (~/.cache), one file per working directory.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import type { ConfigFile } from "./config-file.js";
import { readFromDisk } from "./module/read-file.js";
import { readSourceFile, type SourceFile } from "./module/source-file.js";
import { isPlainObject } from "./objects.js";
import { pluginFingerprint, resolvePlugin } from "./plugins.js";
import type { FileFindings } from "./runner.js";
import { HCL2JSON_VERSION, VERSION } from "./version.js";

const FORMAT = 1;

interface CacheEntry {
  key: string;
  /** File path → its findings (suppressed ones included), for every file of the module. */
  files: Record<string, FileFindings>;
  /**
   * Files outside the module that its configuration read (templatefile(), file()) → a hash of their text, null when
   * missing. Which files those are is only known after parsing, so they are checked on use instead of being in the key.
   */
  reads?: Record<string, string | null>;
}

interface CacheFile {
  format: number;
  /** Module directory → entry; read as unknown (the file may be hand-edited or truncated) and checked on use. */
  modules: Record<string, unknown>;
}

export function defaultCacheLocation(cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  if (existsSync(path.join(cwd, "node_modules"))) return path.join(cwd, "node_modules", ".cache", "hcl-lint", "cache.json");
  const base = env.XDG_CACHE_HOME || path.join(homedir(), ".cache");
  return path.join(base, "hcl-lint", `${createHash("sha256").update(cwd).digest("hex").slice(0, 16)}.json`);
}

/** `--cache-location`: a file, or a directory (existing, or written with a trailing slash) to put it in. */
export function resolveCacheLocation(location: string, cwd: string): string {
  const absolute = path.resolve(cwd, location);
  const isDir = /[\\/]$/.test(location) || (existsSync(absolute) && statSync(absolute).isDirectory());
  return isDir ? path.join(absolute, ".hcl-lint-cache") : absolute;
}

export class LintCache {
  private readonly changed = new Map<string, CacheEntry>();

  private constructor(
    readonly file: string,
    private readonly modules: Record<string, unknown>,
  ) {}

  static open(file: string): LintCache {
    return new LintCache(file, read(file));
  }

  get(dir: string, key: string): Map<string, FileFindings> | undefined {
    const entry = this.modules[dir];
    if (!isPlainObject(entry) || entry.key !== key || !isPlainObject(entry.files) || !readsUnchanged(entry.reads)) return undefined;
    const files = Object.entries(entry.files);
    // A hand-edited or truncated entry is a miss, not a crash.
    const valid = files.every(([, findings]) => isPlainObject(findings) && Array.isArray(findings.messages) && Array.isArray(findings.suppressed));
    return valid ? new Map(files as [string, FileFindings][]) : undefined;
  }

  set(dir: string, key: string, findings: Map<string, FileFindings>, reads = new Map<string, string | undefined>()): void {
    const hashes = Object.fromEntries([...reads].map(([file, text]) => [file, text === undefined ? null : textHash(text)]));
    this.changed.set(dir, { key, files: Object.fromEntries(findings), ...(reads.size > 0 ? { reads: hashes } : {}) });
  }

  /** Writes what changed, over what is on disk now (another run may have written since we read). Never throws. */
  save(): void {
    if (this.changed.size === 0) return;
    const modules = { ...read(this.file), ...Object.fromEntries(this.changed) };
    const temporary = `${this.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeFileSync(temporary, JSON.stringify({ format: FORMAT, modules } satisfies CacheFile));
      renameSync(temporary, this.file);
    } catch {
      // A cache that cannot be written only costs speed next time.
      rmSync(temporary, { force: true });
    }
  }
}

function read(file: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    return isPlainObject(parsed) && parsed.format === FORMAT && isPlainObject(parsed.modules) ? parsed.modules : {};
  } catch {
    return {};
  }
}

/** Everything a module's findings depend on. */
export function moduleKey(files: SourceFile[], config: ConfigFile | undefined, varFiles: string[], overrides: Record<string, string>): string {
  const parts: (string | Uint8Array)[] = [VERSION, HCL2JSON_VERSION, JSON.stringify(overrides), config ? `${config.path}\n${config.text}` : "no config"];
  for (const [name, specifier] of Object.entries(config?.plugins ?? {})) parts.push(pluginFingerprint(resolvePlugin(name, specifier, config?.path ?? "")));
  for (const file of files) parts.push(file.path, file.bytes);
  for (const file of varFiles) parts.push(file, readSourceFile(file).bytes);
  return cacheKey(parts);
}

function textHash(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** True when every file the entry's module read still has the text it had (or is still missing). */
function readsUnchanged(reads: unknown): boolean {
  if (reads === undefined) return true;
  if (!isPlainObject(reads)) return false;
  return Object.entries(reads).every(([file, hash]) => {
    const text = readFromDisk(file);
    return hash === (text === undefined ? null : textHash(text));
  });
}

/** A key over parts in order; each part is length-prefixed so no two different lists hash alike. */
function cacheKey(parts: (string | Uint8Array)[]): string {
  const hash = createHash("sha256");
  for (const part of parts) {
    const bytes = typeof part === "string" ? Buffer.from(part) : part;
    hash.update(`${bytes.length}:`);
    hash.update(bytes);
  }
  return hash.digest("hex");
}
