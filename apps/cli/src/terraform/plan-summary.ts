import { CliError } from "../errors.js";

/** What a plan does to one resource, in the words of the summary. */
export type ChangeAction = "create" | "update" | "replace" | "delete";

export interface ResourceChange {
  address: string;
  action: ChangeAction;
}

export interface PlanSummary {
  changes: ResourceChange[];
  counts: Record<ChangeAction, number>;
  /** Root outputs whose value changes. */
  outputChanges: string[];
  /** True when applying would change anything (resources or outputs). */
  hasChanges: boolean;
}

interface ShowJson {
  format_version?: string;
  resource_changes?: { address?: string; change?: { actions?: string[] } }[];
  output_changes?: Record<string, { actions?: string[] }>;
}

function actionOf(actions: string[]): ChangeAction | undefined {
  const key = actions.join(",");
  switch (key) {
    case "create":
      return "create";
    case "update":
      return "update";
    case "delete":
      return "delete";
    case "delete,create":
    case "create,delete":
      return "replace";
    default:
      // no-op, read, forget: nothing happens to a managed object.
      return undefined;
  }
}

/** Summarises `terraform show -json <planfile>` (format_version 1.x). */
export function summarisePlan(showJson: string): PlanSummary {
  let plan: ShowJson;
  try {
    plan = JSON.parse(showJson) as ShowJson;
  } catch {
    throw new CliError("terraform show -json printed something that is not JSON");
  }
  if (!plan.format_version?.startsWith("1.")) {
    throw new CliError(`unsupported plan format_version ${plan.format_version ?? "(none)"} from terraform show -json (expected 1.x)`);
  }
  const counts: Record<ChangeAction, number> = { create: 0, update: 0, replace: 0, delete: 0 };
  const changes: ResourceChange[] = [];
  for (const change of plan.resource_changes ?? []) {
    const action = actionOf(change.change?.actions ?? []);
    if (!action || !change.address) continue;
    changes.push({ address: change.address, action });
    counts[action]++;
  }
  const outputChanges = Object.entries(plan.output_changes ?? {})
    .filter(([, change]) => (change.actions ?? []).some((action) => action !== "no-op"))
    .map(([name]) => name)
    .sort();
  return { changes, counts, outputChanges, hasChanges: changes.length > 0 || outputChanges.length > 0 };
}

export function countsLine(summary: PlanSummary): string {
  const { create, update, replace, delete: del } = summary.counts;
  if (summary.changes.length === 0) {
    return summary.outputChanges.length > 0 ? `No resource changes; ${summary.outputChanges.length} output(s) change.` : "No changes.";
  }
  return `Plan: ${create} to create, ${update} to update, ${replace} to replace, ${del} to delete.`;
}
