import path from "node:path";

/** A path as people read it: relative to cwd when inside it, with forward slashes; absolute otherwise. */
export function displayPath(file: string, cwd: string | undefined): string {
  if (!cwd) return file;
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative.split(path.sep).join("/") : file;
}
