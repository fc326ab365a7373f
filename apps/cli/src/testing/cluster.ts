// Test support: one cluster of infra/ per test file, driven as a user drives it, under the machine's Docker lock.
import { rmSync } from "node:fs";
import { dockerLock, infraCopy, stackEnv } from "@cortex-ring/test-support/stack";
import { spawnCli, spawnPnpmCli, type Spawned } from "./spawn.js";

export interface TestCluster {
  /** cluster_name: unique per run, the prefix of every Docker object the cluster makes. */
  name: string;
  /** The temp copy of infra/ it is applied from. */
  dir: string;
  /** The stack's environment with the test's own overrides. */
  env: NodeJS.ProcessEnv;
  /** `--var` arguments: cluster_name and the test's variables. */
  vars: string[];
  /** `pnpm -s cli -C <dir> --no-color …` from the repository root, as a user types it. */
  pnpmCli(args: string[], extra?: NodeJS.ProcessEnv): Spawned;
  /** The built CLI on the copy, without pnpm. */
  cli(args: string[], extra?: NodeJS.ProcessEnv): Spawned;
  /** Destroys whatever is applied (then removes the copy; it is kept, with its state, when destroy fails) and releases the lock. */
  tearDown(): Promise<void>;
}

/**
 * Takes the Docker lock (held until tearDown), copies infra/ and names the cluster `<prefix>-<pid>-<time>`;
 * `variables` gives the rest of its variables (free ports, feature switches). Nothing is applied yet.
 */
export async function testCluster(prefix: string, variables: () => Promise<Record<string, string | number | boolean>>, env: NodeJS.ProcessEnv = {}): Promise<TestCluster> {
  const merged = { ...stackEnv(), ...env };
  const release = await dockerLock();
  try {
    const dir = infraCopy();
    const name = `${prefix}-${process.pid}-${Date.now().toString(36)}`;
    const settings: Record<string, string | number | boolean> = { cluster_name: name, ...(await variables()) };
    const vars = Object.entries(settings).flatMap(([key, value]) => ["--var", `${key}=${String(value)}`]);
    const pnpmCli = (args: string[], extra: NodeJS.ProcessEnv = {}) => spawnPnpmCli(["-C", dir, "--no-color", ...args], { ...merged, ...extra });
    return {
      name,
      dir,
      env: merged,
      vars,
      pnpmCli,
      cli: (args, extra = {}) => spawnCli(["-C", dir, "--no-color", ...args], { ...merged, ...extra }),
      tearDown: async () => {
        try {
          const destroy = pnpmCli(["destroy", "--auto-approve", "--no-lint", ...vars]);
          // .terraform holds a provider copy: the directory goes only once nothing is left to destroy.
          if ((await destroy.exited) === 0) rmSync(dir, { recursive: true, force: true });
          else console.error(destroy.stderr());
        } finally {
          await release();
        }
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}
