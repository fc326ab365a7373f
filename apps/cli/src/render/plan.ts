import type { Colors } from "../context.js";
import { countsLine, type ChangeAction, type PlanSummary } from "../terraform/plan-summary.js";

const SYMBOL: Record<ChangeAction, string> = { create: "+", update: "~", replace: "-/+", delete: "-" };

/** The compact plan: one line per changed resource, then the counts. */
export function formatPlan(summary: PlanSummary, colors: Colors): string {
  const paint: Record<ChangeAction, (text: string) => string> = {
    create: colors.green,
    update: colors.yellow,
    replace: colors.magenta,
    delete: colors.red,
  };
  const width = Math.max(0, ...summary.changes.map((change) => change.address.length));
  const lines = summary.changes.map(
    (change) => `  ${paint[change.action](SYMBOL[change.action].padStart(3))} ${change.address.padEnd(width)}  ${paint[change.action](change.action)}`,
  );
  if (summary.outputChanges.length > 0) lines.push(`  outputs changing: ${summary.outputChanges.join(", ")}`);
  lines.push(colors.bold(countsLine(summary)));
  return `${lines.join("\n")}\n`;
}

export function planJson(summary: PlanSummary, planFile: string): object {
  return { changes: summary.changes, counts: summary.counts, outputChanges: summary.outputChanges, hasChanges: summary.hasChanges, planFile };
}
