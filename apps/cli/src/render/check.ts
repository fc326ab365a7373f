import type { Colors } from "../context.js";
import type { CheckReport, CheckStep } from "../cortex/sample-check.js";
import { selector } from "../cortex/prometheus-query.js";

function ms(value: number): string {
  return value < 10_000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s`;
}

/** One line per finished step: mark, step, endpoint, HTTP status and latency. */
export function formatStep(step: CheckStep, c: Colors): string {
  const mark = step.ok ? c.green("✔") : c.red("✖");
  const status = step.status !== undefined ? `HTTP ${step.status} ` : "";
  const attempts = step.attempts !== undefined ? ` (${step.attempts} ${step.attempts === 1 ? "query" : "queries"})` : "";
  return `${mark} ${step.step.padEnd(5)} ${step.endpoint}  ${status}${step.ok ? "in" : "after"} ${ms(step.latencyMs)}${attempts}`;
}

/** The closing line of a successful check. */
export function formatSuccess(report: CheckReport): string {
  return `sample ${selector(report.series)} = ${report.value} came back in ${ms(report.totalMs)} (tenant ${report.tenant})`;
}
