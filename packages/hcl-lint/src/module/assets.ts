/**
 * The files a module reads through file() and templatefile() (a Cortex YAML rendered from cortex.yaml.tftpl), read
 * and parsed before the rules run so that rules stay synchronous. A path is followed when it is known before apply
 * (`"${path.module}/cortex.yaml.tftpl"`, a variable's default); a template file may name further files.
 */
import path from "node:path";
import type { ExpressionType } from "../parser/hcl2json.js";
import { parseTemplate } from "../parser/hcl2json.js";
import { Expressions } from "./expressions.js";
import { Module, type ModuleFile } from "./model.js";
import type { ReadFile } from "./read-file.js";
import { termString } from "./terms.js";

const MAX_DEPTH = 4;

export async function loadAssets(dir: string, files: ModuleFile[], varValues: Map<string, unknown>, templates: Map<string, ExpressionType | null>, read: ReadFile): Promise<Map<string, string>> {
  const assets = new Map<string, string>();
  if (![...templates.keys()].some((text) => /\bfile\s*\(|templatefile\s*\(/.test(text))) return assets;
  const tried = new Set<string>();
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const expressions = new Expressions(new Module(dir, files, varValues, templates, assets));
    const found: { file: string; template: boolean }[] = [];
    for (const ast of [...templates.values()]) {
      if (!ast) continue;
      const context = { bindings: new Map(), source: Buffer.from(ast.meta.value), site: undefined, isolated: false };
      for (const call of fileCalls(ast)) {
        const argument = call.children[0];
        const given = argument ? termString(expressions.node(argument, context)) : undefined;
        if (given === undefined) continue;
        const file = path.resolve(dir, given);
        if (tried.has(file)) continue;
        tried.add(file);
        found.push({ file, template: (call.meta as { name: string }).name === "templatefile" });
      }
    }
    if (found.length === 0) break;
    for (const { file, template } of found) {
      const text = read(file);
      if (text === undefined) continue;
      assets.set(file, text);
      if (template && !templates.has(text)) templates.set(text, await parseTemplate(text));
    }
  }
  return assets;
}

function* fileCalls(node: ExpressionType): Generator<ExpressionType> {
  if (node.type === "function" && (node.meta.name === "file" || node.meta.name === "templatefile")) yield node;
  for (const child of node.children) yield* fileCalls(child);
}
