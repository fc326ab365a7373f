import { formatResults, HclLintUsageError, lint, runCli } from "@cortex-ring/hcl-lint";
import type { RingClient, RingClientOptions } from "@cortex-ring/ring-client";

/** The slice of RingClient the CLI uses; tests pass a fake. Every command closes it (`using`) on every path. */
export type RingApi = Pick<
  RingClient,
  "address" | "readRing" | "discoverRings" | "readSnapshot" | "discoverSnapshots" | "watchRing" | "forget" | "forgetUnhealthy" | "members" | "leader" | "raftQuorum" | "close" | typeof Symbol.dispose
>;

/** How a command connects: ring-client's options the CLI sets (the token only ever travels in here). */
export type RingConnectOptions = Pick<RingClientOptions, "heartbeatTimeoutMs" | "includeTokens" | "zoneAwareness" | "consistency" | "addresses" | "token">;

/** The packages this shell sits on, injectable so command tests run without WASM, Consul or Docker. */
export interface Deps {
  lint: typeof lint;
  formatResults: typeof formatResults;
  runLintCli: typeof runCli;
  /** A client for `address` (undefined: ring-client's default, $CONSUL_HTTP_ADDR else 127.0.0.1:8500), or `options.addresses`. */
  ringClient(address: string | undefined, env: NodeJS.ProcessEnv, options?: RingConnectOptions): Promise<RingApi>;
  /** True for errors whose message is already one line meant for the user. */
  isKnownError: (error: unknown) => error is Error & { code?: string };
  isLintUsageError: (error: unknown) => boolean;
}

// ring-client (and the consul client under it) loads on first use: plan, lint and --help never pay for it.
let ringModule: typeof import("@cortex-ring/ring-client") | undefined;

export const defaultDeps: Deps = {
  lint,
  formatResults,
  runLintCli: runCli,
  ringClient: async (address, env, options = {}) => {
    ringModule ??= await import("@cortex-ring/ring-client");
    return new ringModule.RingClient({ env, ...options, ...(address ? { address } : {}) });
  },
  isKnownError: (error): error is Error & { code?: string } =>
    (ringModule !== undefined && error instanceof ringModule.RingClientError) || error instanceof HclLintUsageError,
  isLintUsageError: (error) => error instanceof HclLintUsageError,
};
