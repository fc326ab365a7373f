import { formatResults, HclLintUsageError, lint, runCli } from "@cortex-ring/hcl-lint";
import { RingClient, RingClientError } from "@cortex-ring/ring-client";

/** The slice of RingClient the CLI uses; tests pass a fake. */
export type RingApi = Pick<RingClient, "readRing" | "discoverRings" | "watchRing" | "forget" | "members" | "leader">;

/** The packages this shell sits on, injectable so command tests run without WASM, Consul or Docker. */
export interface Deps {
  lint: typeof lint;
  formatResults: typeof formatResults;
  runLintCli: typeof runCli;
  /** A client for `address` (undefined: ring-client's default, $CONSUL_HTTP_ADDR else 127.0.0.1:8500). */
  ringClient(address: string | undefined, env: NodeJS.ProcessEnv, options?: { heartbeatTimeoutMs?: number }): RingApi;
  /** True for errors whose message is already one line meant for the user. */
  isKnownError(error: unknown): error is Error & { code?: string };
  isLintUsageError(error: unknown): boolean;
}

export const defaultDeps: Deps = {
  lint,
  formatResults,
  runLintCli: runCli,
  ringClient: (address, env, options = {}) => new RingClient({ env, ...options, ...(address ? { address } : {}) }),
  isKnownError: (error): error is Error & { code?: string } => error instanceof RingClientError || error instanceof HclLintUsageError,
  isLintUsageError: (error) => error instanceof HclLintUsageError,
};
