// TEMPORARY mirror of /work/notes/contracts.md while the packages are placeholders; replaced by the packages' own types.
export type InstanceState = "ACTIVE" | "LEAVING" | "PENDING" | "JOINING" | "LEFT" | "READONLY";
export interface Instance { id: string; address: string; zone: string; state: InstanceState; registeredAt: Date | null; lastHeartbeat: Date | null; heartbeatAgeSeconds: number | null; healthy: boolean; tokenCount: number; ownership: number; readOnly: boolean }
export interface Ring { key: string; instances: Instance[]; countsByState: Record<InstanceState, number>; countsByZone: Record<string, number>; unhealthy: string[]; totalTokens: number; tokenConflicts: { token: number; instances: string[] }[]; readAt: Date }
export interface RingDiff { joined: string[]; left: string[]; stateChanged: { id: string; from: InstanceState; to: InstanceState }[]; becameUnhealthy: string[]; becameHealthy: string[] }
export interface RingUpdate { ring: Ring; diff: RingDiff }
export interface ConsulMember { name: string; address: string; port: number; status: string; role: "server" | "client"; datacenter?: string }
export interface Finding { ruleId: string | null; severity: 1 | 2; message: string; line: number; column: number }
export interface LintResult { filePath: string; messages: Finding[]; errorCount: number; warningCount: number; fixableErrorCount: number; fixableWarningCount: number; fatalErrorCount: number }
export interface LintOptions { cwd?: string; recursive?: boolean; config?: string; rules?: Record<string, "off" | "warning" | "error">; varFiles?: string[]; fix?: boolean }
export interface HclLintApi {
  lint(paths: string[], options?: LintOptions): Promise<LintResult[]>;
  formatResults(results: LintResult[], format: "stylish" | "json" | "sarif" | "compact", options?: { color?: boolean; cwd?: string }): string;
  runCli(argv: string[], io?: { stdout?: NodeJS.WritableStream; stderr?: NodeJS.WritableStream; cwd?: string; env?: NodeJS.ProcessEnv; isTTY?: boolean }): Promise<number>;
  HclLintUsageError: new (...args: never[]) => Error;
}
