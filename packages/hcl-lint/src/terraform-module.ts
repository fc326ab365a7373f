/**
 * `@cortex-ring/hcl-lint/terraform-module`: what a Terraform module asks `terraform init` to install — provider
 * requirements, the providers its resources use, module calls, the backend — read with the linter's own parsers
 * (`.tf` through hcl2json, `.tf.json` as JSON), so tools around Terraform need no second HCL reader.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseHcl } from "./parser/hcl2json.js";
import { parseJsonSource } from "./parser/json-source.js";
import { isJsonSyntax } from "./parser/parse-file.js";
import { isPlainObject } from "./objects.js";

export interface ProviderRequirement {
  source?: string;
  version?: string;
}

export interface TerraformModule {
  dir: string;
  /** Every `.tf` and `.tf.json` file, by name. */
  files: string[];
  /** `required_providers`: local name → requirement (a pre-0.13 bare version string is `{ version }`). */
  requiredProviders: Record<string, ProviderRequirement>;
  /** Every provider the module uses, by local name: required ones, `provider` blocks, and resource/data types. */
  providers: string[];
  /** `module` blocks, by name. */
  moduleCalls: { name: string; source?: string; version?: string }[];
  /** The `backend "<type>"` (or `cloud`) block, when there is one. */
  backend?: { type: string; config: Record<string, unknown> };
  /** Files that did not parse (their requirements are missing above). */
  problems: { file: string; line: number; column: number; message: string }[];
}

type Body = Record<string, unknown>;

export async function readTerraformModule(dir: string): Promise<TerraformModule> {
  const files = (await readdir(dir)).filter((name) => name.endsWith(".tf") || isJsonSyntax(name)).sort();
  const module: TerraformModule = { dir, files, requiredProviders: {}, providers: [], moduleCalls: [], problems: [] };
  const used = new Set<string>();
  for (const name of files) {
    const source = await readFile(path.join(dir, name), "utf8");
    const parsed = isJsonSyntax(name) ? parseJsonSource(source) : await parseHcl(source);
    if (!parsed.ok) {
      module.problems.push({ file: name, line: parsed.error.line, column: parsed.error.column, message: parsed.error.message });
      continue;
    }
    collect(parsed.body, module, used);
  }
  for (const local of Object.keys(module.requiredProviders)) used.add(local);
  // terraform_data and terraform_remote_state come with Terraform itself.
  used.delete("terraform");
  module.providers = [...used].sort();
  module.moduleCalls.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return module;
}

function collect(body: Body, module: TerraformModule, used: Set<string>): void {
  for (const terraform of bodies(body.terraform)) {
    for (const requirements of bodies(terraform.required_providers)) {
      for (const [local, requirement] of Object.entries(requirements)) {
        module.requiredProviders[local] = typeof requirement === "string" ? { version: requirement } : pick(requirement, ["source", "version"]);
      }
    }
    for (const [type, blocks] of Object.entries(isPlainObject(terraform.backend) ? terraform.backend : {})) {
      module.backend = { type, config: bodies(blocks)[0] ?? {} };
    }
    const cloud = bodies(terraform.cloud)[0];
    if (cloud) module.backend = { type: "cloud", config: cloud };
  }
  for (const name of Object.keys(isPlainObject(body.provider) ? body.provider : {})) used.add(name);
  for (const kind of ["resource", "data", "ephemeral"]) {
    for (const [type, byName] of Object.entries(isPlainObject(body[kind]) ? body[kind] : {})) {
      const instances = Object.values(isPlainObject(byName) ? byName : {}).flatMap(bodies);
      // `provider = google.west` picks the provider explicitly; otherwise it is the type's prefix.
      const explicit = instances.map((instance) => (typeof instance.provider === "string" ? /^\$\{([\w-]+)(\.[\w-]+)?\}$/.exec(instance.provider)?.[1] : undefined));
      for (const name of explicit) used.add(name ?? type.split("_")[0] ?? type);
      if (instances.length === 0) used.add(type.split("_")[0] ?? type);
    }
  }
  for (const [name, blocks] of Object.entries(isPlainObject(body.module) ? body.module : {})) {
    for (const call of bodies(blocks)) module.moduleCalls.push({ name, ...pick(call, ["source", "version"]) });
  }
}

/** hcl2json gives blocks as arrays of bodies; JSON syntax may give one object. */
function bodies(value: unknown): Body[] {
  if (Array.isArray(value)) return value.filter(isPlainObject);
  return isPlainObject(value) ? [value] : [];
}

function pick(value: unknown, keys: string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  if (!isPlainObject(value)) return picked;
  for (const key of keys) if (typeof value[key] === "string") picked[key] = value[key];
  return picked;
}
