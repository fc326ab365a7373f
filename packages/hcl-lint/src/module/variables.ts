/**
 * Variable values Terraform would use at plan time: terraform.tfvars, then *.auto.tfvars in name order (both
 * read from the module's directory, as Terraform does), then each --var-file in the order given.
 * TF_VAR_* environment variables are deliberately ignored: lint results should not depend on a shell.
 */
import { readFile } from "node:fs/promises";
import { fileError, HclLintUsageError } from "../errors.js";
import { parseHcl } from "../parser/hcl2json.js";

/** Reads one .tfvars (HCL) or .tfvars.json file; a problem is a usage error naming file and line. */
export async function readVarFile(file: string): Promise<Map<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw fileError("read var file", file, error, `no such var file: ${file}`);
  }
  if (file.endsWith(".json")) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("expected an object of variable values");
      return new Map(Object.entries(parsed));
    } catch (error) {
      throw new HclLintUsageError(`${file}: ${(error as Error).message}`);
    }
  }
  const parsed = await parseHcl(text);
  if (!parsed.ok) throw new HclLintUsageError(`${file}:${parsed.error.line}:${parsed.error.column}: ${parsed.error.message}`);
  return new Map(Object.entries(parsed.body));
}

export async function mergeVarFiles(files: string[]): Promise<Map<string, unknown>> {
  const merged = new Map<string, unknown>();
  for (const file of files) for (const [name, value] of await readVarFile(file)) merged.set(name, value);
  return merged;
}
