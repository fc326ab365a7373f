/**
 * Turns the paths a user gave into modules. A directory is one module (its .tf and .tf.json files, not its
 * subdirectories, as Terraform reads it); a file stands for its directory's module but only its own findings are reported, so
 * pre-commit can pass staged files while rules still see the whole module. A template (.tftpl) stands for the
 * module that renders it, all of whose findings are reported: what a template says surfaces wherever the module's
 * files use it (a Cortex flag in the YAML is reported at the templatefile() call).
 */
import { readdirSync, statSync } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { fileError, HclLintUsageError } from "../errors.js";

export interface ModuleTarget {
  dir: string;
  /** Every .tf and .tf.json file of the module, absolute, sorted. */
  files: string[];
  /** terraform.tfvars then *.auto.tfvars (by name), as Terraform loads them from the module's directory. */
  varFiles: string[];
  /** Files whose findings are reported; undefined = all of them. */
  reported?: Set<string>;
}

/** Directories never walked by --recursive: Terraform's working directory, VCS and package folders. */
const SKIPPED_DIRS = new Set([".terraform", ".git", "node_modules"]);

export async function resolveTargets(paths: string[], cwd: string, recursive: boolean): Promise<ModuleTarget[]> {
  const targets = new Map<string, ModuleTarget>();
  const add = (dir: string, { files, varFiles }: Pick<Listing, "files" | "varFiles">, reported?: string): void => {
    const existing = targets.get(dir);
    if (!existing) {
      targets.set(dir, { dir, files, varFiles, ...(reported ? { reported: new Set([reported]) } : {}) });
    } else if (!reported) {
      delete existing.reported;
    } else {
      existing.reported?.add(reported);
    }
  };
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const info = await stat(absolute).catch((error: unknown) => {
      throw fileError("read", given, error, `no such file or directory: ${given}`);
    });
    if (info.isFile() && isTemplate(absolute)) {
      const [dir, listing] = renderingModule(absolute, cwd, given);
      add(dir, targets.get(dir) ?? listing);
    } else if (info.isFile()) {
      if (!isTerraformFile(absolute)) throw new HclLintUsageError(`not a Terraform file (.tf or .tf.json) or template (.tftpl): ${given}`);
      const dir = path.dirname(absolute);
      add(dir, targets.get(dir) ?? list(dir), absolute);
    } else if (recursive) {
      const found = await walk(absolute);
      if (found.length === 0) throw new HclLintUsageError(`no .tf or .tf.json files under ${given}`);
      for (const [dir, listing] of found) add(dir, listing);
    } else {
      const listing = list(absolute);
      if (listing.files.length === 0) throw new HclLintUsageError(`no .tf or .tf.json files in ${given} (use --recursive to walk subdirectories)`);
      add(absolute, listing);
    }
  }
  return [...targets.values()];
}

interface Listing {
  files: string[];
  varFiles: string[];
  subdirectories: string[];
}

/** One readdir per directory: its .tf files, its automatic var files and its subdirectories. */
function list(dir: string): Listing {
  // Synchronous: one small directory listing is cheaper than a thread-pool round trip.
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw fileError("read directory", dir, error);
  }
  const listing: Listing = { files: [], varFiles: [], subdirectories: [] };
  const isFile = (entry: (typeof entries)[number]) => entry.isFile() || (entry.isSymbolicLink() && (statSync(path.join(dir, entry.name), { throwIfNoEntry: false })?.isFile() ?? false));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) listing.subdirectories.push(full);
    } else if (isTerraformFile(entry.name) && isFile(entry)) listing.files.push(full);
    else if (/^terraform\.tfvars(\.json)?$|\.auto\.tfvars(\.json)?$/.test(entry.name)) listing.varFiles.push(full);
  }
  listing.files.sort();
  listing.subdirectories.sort();
  // terraform.tfvars(.json) first, then *.auto.tfvars(.json) in name order.
  const rank = (file: string) => (/\/terraform\.tfvars(\.json)?$/.test(file) ? 0 : 1);
  listing.varFiles.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return listing;
}

/**
 * The module a template belongs to: the nearest directory, from the template's own up to `cwd` (only its own when
 * it is outside `cwd`), that holds Terraform files: `templatefile("${path.module}/templates/x.tftpl", …)`.
 */
function renderingModule(template: string, cwd: string, given: string): [string, Listing] {
  const inside = !path.relative(cwd, template).startsWith("..");
  for (let dir = path.dirname(template); ; dir = path.dirname(dir)) {
    const listing = list(dir);
    if (listing.files.length > 0) return [dir, listing];
    if (!inside || dir === cwd || dir === path.dirname(dir)) break;
  }
  throw new HclLintUsageError(`no module to lint ${given} with: no .tf or .tf.json files in its directory${inside ? " or above it" : ""}`);
}

/** Terraform's template files (templatefile()'s recommended extension). */
function isTemplate(name: string): boolean {
  return name.endsWith(".tftpl");
}

/** What Terraform reads as configuration: `*.tf` (HCL) and `*.tf.json` (JSON syntax). */
function isTerraformFile(name: string): boolean {
  return name.endsWith(".tf") || name.endsWith(".tf.json");
}

async function walk(root: string): Promise<[string, Listing][]> {
  const found: [string, Listing][] = [];
  const visit = async (dir: string): Promise<void> => {
    const listing = list(dir);
    if (listing.files.length > 0) found.push([dir, listing]);
    for (const subdirectory of listing.subdirectories) await visit(subdirectory);
  };
  await visit(root);
  return found;
}
