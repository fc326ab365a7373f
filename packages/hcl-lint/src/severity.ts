/** Severities as users write them (`.hcl-lint.json`, `--rule id=sev`) and as results carry them (ESLint's 0/1/2). */
import { HclLintUsageError } from "./errors.js";
import type { SeveritySetting } from "./types.js";

export const SEVERITIES: Readonly<Record<SeveritySetting, 0 | 1 | 2>> = { off: 0, warning: 1, error: 2 };

export function parseSeverity(value: unknown, where: string): 0 | 1 | 2 {
  if (typeof value === "string" && Object.hasOwn(SEVERITIES, value)) return SEVERITIES[value as SeveritySetting];
  throw new HclLintUsageError(`${where}: severity must be "off", "warning" or "error", not ${JSON.stringify(value)}`);
}
