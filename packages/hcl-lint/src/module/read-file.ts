/** Reading the files a configuration names (templatefile(), file()); its own module, so a cache hit loads nothing else. */
import { readFileSync } from "node:fs";

/** Reads a file as UTF-8 text; undefined when it cannot be read. */
export type ReadFile = (file: string) => string | undefined;

export const readFromDisk: ReadFile = (file) => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
};
