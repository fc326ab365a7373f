/**
 * The rule shape: ESLint's meta + create, one rule per file, each with a table of valid/invalid cases beside it.
 * `defineRule` infers the rule's message ids from `meta.messages` and its options from `meta.defaultOptions`
 * (typescript-eslint's RuleCreator), so `context.report({ messageId: "typo" })` does not compile.
 * Plugins write their rules with the same `defineRule`.
 */
import type { Fix } from "../types.js";
import type { Block, Module, ModuleFile } from "../module/model.js";
import type { Span } from "../parser/source-index.js";

/** A small JSON-Schema subset for rule options: an object of typed properties, nothing else allowed. */
export interface OptionsSchema {
  type: "object";
  properties: Record<string, { type: "string" | "integer" | "boolean" | "array"; items?: { type: "string" | "integer" }; description: string }>;
}

export interface RuleMeta<Options, MessageIds extends string> {
  /** The rule's id: `consul-bind-interface`; a plugin's rule is configured as `<plugin>/<id>`. */
  id: string;
  type: "problem" | "suggestion";
  /** Default severity; `.hcl-lint.json` or `--rule id=…` can change it or turn the rule off. */
  severity: "error" | "warning";
  docs: { description: string; url: string };
  fixable?: "code";
  schema?: OptionsSchema;
  defaultOptions: Options;
  /** Message templates; `{{name}}` is replaced from the report's data. */
  messages: Record<MessageIds, string>;
}

export interface Report<MessageIds extends string = string> {
  file: ModuleFile;
  span: Span;
  messageId: MessageIds;
  data?: Record<string, string | number>;
  fix?: Fix;
}

export interface RuleContext<Options, MessageIds extends string = string> {
  module: Module;
  options: Options;
  report(report: Report<MessageIds>): void;
}

export interface RuleListener {
  /** Top-level blocks by selector: "resource:docker_container", "provider:docker", "terraform". */
  blocks?: Record<string, (block: Block) => void>;
  /** Once, after every block was visited: checks across the whole module. */
  done?: () => void;
}

export interface Rule<Options extends object = object, MessageIds extends string = string> {
  meta: RuleMeta<Options, MessageIds>;
  create(context: RuleContext<Options, MessageIds>): RuleListener;
}

/** Any rule, whatever its options and message ids (the registry and the runner hold these). */
export type AnyRule = Rule;

/** Rule docs live in the package README, which ships with the package: the URL works offline. */
export function docsUrl(id: string): string {
  return new URL(`../../README.md#${id}`, import.meta.url).href;
}

export function defineRule<Options extends object, const MessageIds extends string>(rule: Rule<Options, MessageIds>): Rule<Options, MessageIds> {
  return rule;
}
