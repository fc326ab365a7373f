import * as hclLint from "@cortex-ring/hcl-lint";
import * as ringClient from "@cortex-ring/ring-client";
import type { ConsulMember, HclLintApi, Ring, RingUpdate } from "./contracts.js";

const hcl = hclLint as unknown as HclLintApi;
const ring = ringClient as unknown as {
  RingClient: new (options: { address?: string }) => RingApi;
  RingClientError: new (...args: never[]) => Error;
};

/** The slice of RingClient the CLI uses; tests pass a fake. */
export interface RingApi {
  readRing(key?: string): Promise<Ring>;
  discoverRings(prefixes?: string[]): Promise<Ring[]>;
  watchRing(key: string, options?: { signal?: AbortSignal; waitSeconds?: number }): AsyncIterable<RingUpdate>;
  forget(key: string, instanceId: string, options?: { force?: boolean }): Promise<{ removed: boolean; attempts: number }>;
  members(): Promise<ConsulMember[]>;
  leader(): Promise<string>;
}

/** The packages this shell sits on, injectable so command tests run without WASM, Consul or Docker. */
export interface Deps {
  lint: HclLintApi["lint"];
  formatResults: HclLintApi["formatResults"];
  runLintCli: HclLintApi["runCli"];
  ringClient(address: string | undefined): RingApi;
  /** True for errors whose message is already one line meant for the user. */
  isKnownError(error: unknown): error is Error & { code?: string };
  isLintUsageError(error: unknown): boolean;
}

export const defaultDeps: Deps = {
  lint: (paths, options) => hcl.lint(paths, options),
  formatResults: (results, format, options) => hcl.formatResults(results, format, options),
  runLintCli: (argv, io) => hcl.runCli(argv, io),
  ringClient: (address) => new ring.RingClient(address ? { address } : {}),
  isKnownError: (error): error is Error & { code?: string } =>
    (typeof ring.RingClientError === "function" && error instanceof ring.RingClientError) || (typeof hcl.HclLintUsageError === "function" && error instanceof hcl.HclLintUsageError),
  isLintUsageError: (error) => typeof hcl.HclLintUsageError === "function" && error instanceof hcl.HclLintUsageError,
};
