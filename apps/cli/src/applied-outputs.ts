import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Context } from "./context.js";
import { findTerraform } from "./terraform/binary.js";
import { Terraform } from "./terraform/terraform.js";

export interface AppliedOutputs {
  /** The Terraform directory the outputs were read from. */
  dir: string;
  outputs: Record<string, unknown>;
}

/**
 * The outputs of the applied Terraform directory (`terraform output -json`), so commands find the cluster
 * they just applied (Consul, the distributor, the querier) without being told; undefined when nothing was
 * applied there or the state cannot be read (--verbose says why).
 */
export async function appliedOutputs(ctx: Context): Promise<AppliedOutputs | undefined> {
  try {
    const dir = ctx.workdir();
    if (!existsSync(join(dir, "terraform.tfstate"))) return undefined;
    return { dir, outputs: await new Terraform(findTerraform(ctx.runtime.env), dir, { env: ctx.runtime.env }).outputs() };
  } catch (error) {
    ctx.debug(`no outputs from Terraform state: ${(error as Error).message}`);
    return undefined;
  }
}
