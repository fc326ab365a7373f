import type { Context } from "./context.js";
import { confirm, requireAnswerable } from "./confirm.js";
import { clusterAccess } from "./cluster-outputs.js";
import { connectConsul, consulTarget, waitForLeader } from "./consul.js";
import { describeProgress, describeRings, expectedRings, waitForActiveInstances, type ExpectedRings } from "./cortex/wait-instances.js";
import type { RingApi } from "./deps.js";
import { CliError, InterruptedError } from "./errors.js";
import { lintGate } from "./lint-gate.js";
import { planInputs, type PlanFlags } from "./plan-options.js";
import { formatPlan, planJson } from "./render/plan.js";
import { isInteractive, ProgressView } from "./render/progress.js";
import { formatMembers, formatRings } from "./render/ring.js";
import { findTerraform } from "./terraform/binary.js";
import { ApplyTally } from "./terraform/events.js";
import type { PlanSummary } from "./terraform/plan-summary.js";
import { firstError } from "./terraform/run.js";
import { Terraform, type Plan, type PlanInputs } from "./terraform/terraform.js";

export function terraformFor(ctx: Context, dir: string): Terraform {
  return new Terraform(findTerraform(ctx.runtime.env), dir, {
    interrupts: ctx.runtime.interrupts,
    env: ctx.runtime.env,
    cwd: ctx.cwd,
    onStderrLine: (line) => ctx.debug(ctx.colors.dim(`terraform: ${line}`)),
  });
}

function progressView(ctx: Context): Promise<ProgressView> {
  return ProgressView.create({ stream: ctx.runtime.stderr, colors: ctx.colors, interactive: isInteractive(ctx.runtime.stderr, ctx.runtime.env), verbose: ctx.verbose });
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

/** Lint gate → init when needed → plan -out → summary. Shared by plan, apply and destroy. */
export async function preparePlan(ctx: Context, flags: PlanFlags, inputs: PlanInputs): Promise<{ tf: Terraform; plan: Plan }> {
  const dir = ctx.workdir();
  const view = await progressView(ctx);
  if (flags.lint) await lintGate(ctx, dir, view);
  else ctx.debug("lint: skipped (--no-lint)");
  const tf = terraformFor(ctx, dir);
  ctx.debug(`terraform: ${tf.bin.path} in ${dir}`);

  let started = Date.now();
  const init = await tf.initCheck();
  if (init.needed) {
    view.start(`terraform init (${init.reason})…`);
    try {
      await tf.init();
    } catch (error) {
      view.stop("terraform init failed", false);
      throw error;
    }
    view.stop(`initialised in ${seconds(started)}`);
  } else {
    ctx.debug("init: skipped (providers, modules and lock file unchanged since the last init)");
  }

  started = Date.now();
  view.start(inputs.destroy ? "planning destroy…" : "planning…");
  let plan: Plan;
  try {
    plan = await tf.plan(inputs, (event) => view.handle(event));
  } catch (error) {
    view.stop("plan failed", false);
    throw error;
  }
  view.stop(`planned in ${seconds(started)}`);
  return { tf, plan };
}

export interface DeployOptions {
  destroy: boolean;
  autoApprove: boolean;
  flags: PlanFlags;
  /** After apply: how long to wait for a Consul leader, then for Cortex to be ACTIVE in its rings. */
  waitSeconds: number;
}

function interruptedMessage(ctx: Context, tally: ApplyTally, summary: PlanSummary, verb: string): string {
  const stopped = ctx.runtime.interrupts.relays > 1 ? "Terraform was stopped at once" : "Terraform stopped gracefully";
  const rest = tally.applied < summary.changes.length ? `; run \`cortex-ring plan\` to see the rest` : "";
  return `interrupted: ${stopped}; ${tally.applied} of ${tally.planned} changes ${verb}${rest}`;
}

/** apply and destroy: plan, confirm, apply that plan file with progress, then (apply) prove Consul is up. */
export async function deploy(ctx: Context, options: DeployOptions): Promise<void> {
  const verb = options.destroy ? "destroy" : "apply";
  requireAnswerable(ctx, options.autoApprove, verb);
  const { tf, plan } = await preparePlan(ctx, options.flags, planInputs(options.flags, options.destroy));
  const summary = plan.summary;
  const result: Record<string, unknown> = { plan: planJson(summary, plan.file) };

  if (!summary.hasChanges) {
    ctx.log(options.destroy ? "Nothing to destroy." : "No changes: the infrastructure matches the configuration.");
  } else {
    ctx.runtime.stderr.write(formatPlan(summary, ctx.colors));
    if (!options.autoApprove) {
      await confirm(ctx, options.destroy ? `Destroy ${summary.changes.length} resource(s)?` : `Apply ${summary.changes.length} change(s)?`, verb);
    }
    const tally = new ApplyTally(summary.changes);
    const view = await progressView(ctx);
    const started = Date.now();
    view.start(options.destroy ? "destroying…" : "applying…");
    const { result: run, applied } = await tf.apply(plan, (event) => {
      tally.record(event);
      view.handle(event);
    });
    const done = options.destroy ? "destroyed" : "applied";
    if (ctx.runtime.interrupts.interrupted) {
      view.stop(`${verb} interrupted after ${seconds(started)}`, false);
      throw new InterruptedError(interruptedMessage(ctx, tally, summary, done));
    }
    if (run.code !== 0) {
      view.stop(`${verb} failed after ${seconds(started)}`, false);
      throw new CliError(`terraform ${verb} failed: ${firstError(run)} (${tally.applied} of ${tally.planned} changes ${done}; run \`cortex-ring plan\` to see the rest)`);
    }
    view.stop(
      options.destroy
        ? `Destroy complete: ${applied.remove} destroyed in ${seconds(started)}`
        : `Apply complete: ${applied.add} added, ${applied.change} changed, ${applied.remove} destroyed in ${seconds(started)}`,
    );
    result.applied = applied;
  }

  if (!options.destroy) result.consul = await checkCluster(ctx, tf, options.waitSeconds);
  if (ctx.json) ctx.out(JSON.stringify(result, null, 2));
}

/** Ends an interrupted wait with the news that matters: what Terraform did is done. */
function afterApply(error: unknown): unknown {
  return error instanceof InterruptedError ? new InterruptedError(`${error.message}; the apply itself completed`) : error;
}

/**
 * After apply: Consul at the applied cluster's servers (or --consul) has a leader, and the instances of the
 * `cortex_ring_instances` output are ACTIVE in their rings; then print the members and the rings, read with
 * the cluster's ring-reader token (or the user's CONSUL_HTTP_TOKEN).
 */
async function checkCluster(ctx: Context, tf: Terraform, waitSeconds: number): Promise<object> {
  const outputs = await tf.outputs();
  const access = clusterAccess(outputs);
  const consul = consulTarget(ctx.consul ? { address: ctx.consul, source: "--consul" } : undefined, access && { access, source: "terraform output" });
  const address = consul.address;
  if (!address) {
    ctx.log(ctx.colors.yellow("no consul_http_addr output and no --consul: skipping the Consul check"));
    return { address: null };
  }
  using client = await connectConsul(ctx, {}, consul);
  const view = await progressView(ctx);
  view.start(`waiting for a Consul leader at ${address}…`);
  const stopGraceful = ctx.runtime.interrupts.handleGracefully();
  let leader: string;
  try {
    const waited = await waitForLeader(client, address, { timeoutMs: waitSeconds * 1000, signal: ctx.runtime.interrupts.signal });
    leader = waited.leader;
    view.stop(`Consul leader ${leader} (after ${(waited.waitedMs / 1000).toFixed(1)}s)`);
  } catch (error) {
    view.stop(`no Consul leader at ${address}`, false);
    throw afterApply(error);
  } finally {
    stopGraceful();
  }
  const expected = expectedRings(outputs.cortex_ring_instances);
  const cortex = expected ? await waitForCortex(ctx, client, expected, waitSeconds) : undefined;
  const [members, rings] = await Promise.all([client.members(), client.discoverRings()]);
  if (!ctx.json) {
    const render = { colors: ctx.outColors, boxed: Boolean(ctx.runtime.stdout.isTTY) };
    ctx.out(`Consul ${address} (leader ${leader})`);
    ctx.out(formatMembers(members, render));
    ctx.out(formatRings(rings, render));
  }
  return { address, leader, members, rings, ...(cortex ? { cortex } : {}) };
}

/**
 * Cortex registers in its rings some seconds after the containers start (a store-gateway turns ACTIVE after its
 * first sync of the bucket): wait for the `cortex_ring_instances` output's instances, showing what is not there yet.
 */
async function waitForCortex(ctx: Context, client: RingApi, rings: ExpectedRings, waitSeconds: number): Promise<{ rings: ExpectedRings; waitedMs: number }> {
  const view = await progressView(ctx);
  const total = Object.values(rings).flat().length;
  view.start(`waiting for ${total} Cortex instances to be ACTIVE in their rings…`);
  const stopGraceful = ctx.runtime.interrupts.handleGracefully();
  try {
    const { waitedMs } = await waitForActiveInstances(client, {
      rings,
      timeoutMs: waitSeconds * 1000,
      signal: ctx.runtime.interrupts.signal,
      onProgress: (progress) => view.status(`waiting for Cortex: ${describeProgress(progress)}…`),
    });
    view.stop(`Cortex ACTIVE: ${describeRings(rings)} (after ${(waitedMs / 1000).toFixed(1)}s)`);
    return { rings, waitedMs };
  } catch (error) {
    view.stop("Cortex is not ACTIVE in its rings", false);
    throw afterApply(error);
  } finally {
    stopGraceful();
  }
}
