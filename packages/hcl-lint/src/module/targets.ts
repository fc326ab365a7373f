/**
 * Turns the paths a user gave into modules. A directory is one module (its .tf files, not its subdirectories,
 * as Terraform reads it); a file stands for its directory's module but only its own findings are reported, so
 * pre-commit can pass staged files while rules still see the whole module.
 */
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { HclLintUsageError } from "../errors.js";

export interface ModuleTarget {
  dir: string;
  /** Every .tf file of the module, absolute, sorted. */
  files: string[];
  /** Files whose findings are reported; undefined = all of them. */
  reported?: Set<string>;
}

/** Directories never walked by --recursive: Terraform's working directory, VCS and package folders. */
const SKIPPED_DIRS = new Set([".terraform", ".git", "node_modules"]);

export async function resolveTargets(paths: string[], cwd: string, recursive: boolean): Promise<ModuleTarget[]> {
  const targets = new Map<string, ModuleTarget>();
  const add = (dir: string, files: string[], reported?: string): void => {
    const existing = targets.get(dir);
    if (!existing) {
      targets.set(dir, { dir, files, ...(reported ? { reported: new Set([reported]) } : {}) });
    } else if (!reported) {
      delete existing.reported;
    } else {
      existing.reported?.add(reported);
    }
  };
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const info = await stat(absolute).catch((error: NodeJS.ErrnoException) => {
      throw new HclLintUsageError(error.code === "ENOENT" ? `no such file or directory: ${given}` : `cannot read ${given}: ${error.code ?? error.message}`);
    });
    if (info.isFile()) {
      if (!absolute.endsWith(".tf")) throw new HclLintUsageError(`not a Terraform file (.tf): ${given}`);
      const dir = path.dirname(absolute);
      add(dir, targets.get(dir)?.files ?? (await tfFiles(dir)), absolute);
    } else if (recursive) {
      const found = await walk(absolute);
      if (found.length === 0) throw new HclLintUsageError(`no .tf files under ${given}`);
      for (const [dir, files] of found) add(dir, files);
    } else {
      const files = await tfFiles(absolute);
      if (files.length === 0) throw new HclLintUsageError(`no .tf files in ${given} (use --recursive to walk subdirectories)`);
      add(absolute, files);
    }
  }
  return [...targets.values()];
}

async function tfFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    throw new HclLintUsageError(`cannot read directory ${dir}: ${error.code ?? error.message}`);
  });
  const files: string[] = [];
  for (const entry of entries) {
    if (!entry.name.endsWith(".tf")) continue;
    const file = path.join(dir, entry.name);
    if (entry.isFile() || (entry.isSymbolicLink() && (await stat(file).then((s) => s.isFile(), () => false)))) files.push(file);
  }
  return files.sort();
}

async function walk(root: string): Promise<[string, string[]][]> {
  const found: [string, string[]][] = [];
  const visit = async (dir: string): Promise<void> => {
    const files = await tfFiles(dir);
    if (files.length > 0) found.push([dir, files]);
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) await visit(path.join(dir, entry.name));
    }
  };
  await visit(root);
  return found;
}
