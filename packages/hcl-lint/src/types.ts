/** Public shapes. LintMessage/LintResult follow ESLint's so its JSON tooling reads our output unchanged. */

export type Severity = 1 | 2;
export type SeveritySetting = "off" | "warning" | "error";

export interface Fix {
  /** Character offsets (UTF-16, like ESLint) into the file's source; `text` replaces that range. */
  range: [number, number];
  text: string;
}

export interface LintMessage {
  ruleId: string | null;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  fatal?: boolean;
  fix?: Fix;
  messageId?: string;
}

/** A finding silenced by an `# hcl-lint-ignore` comment (ESLint's suppressedMessages). */
export interface SuppressedMessage extends LintMessage {
  suppressions: { kind: "directive"; justification: string }[];
}

export interface LintResult {
  filePath: string;
  messages: LintMessage[];
  suppressedMessages?: SuppressedMessage[];
  errorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  fatalErrorCount: number;
  /** The file's text, present when it has findings and was not fixed (as in ESLint). */
  source?: string;
  /** The fixed text, present only when --fix changed the file. */
  output?: string;
}

export interface LintOptions {
  /** Base for relative paths and for finding the config file's repository root; default process.cwd(). */
  cwd?: string;
  /** Walk subdirectories: every directory holding .tf or .tf.json files is one module (`.terraform/` is skipped). */
  recursive?: boolean;
  /** A config file to use instead of looking for `.hcl-lint.json`. */
  config?: string;
  /** Severity overrides, applied over the config file (`--rule id=sev`). */
  rules?: Record<string, SeveritySetting>;
  /** Extra `.tfvars` files, applied after the module's own terraform.tfvars and *.auto.tfvars. */
  varFiles?: string[];
  /** Write fixes to disk (only the bytes a fix replaces change). */
  fix?: boolean;
  /** Reuse the findings of modules whose files, config, var files and versions did not change (`--cache`). */
  cache?: boolean;
  /** The cache file (default: node_modules/.cache/hcl-lint/cache.json, or $XDG_CACHE_HOME/hcl-lint/). */
  cacheLocation?: string;
}

export type OutputFormat = "stylish" | "json" | "sarif" | "compact";
