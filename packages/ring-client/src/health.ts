/**
 * Heartbeat health as Cortex's status page judges it (cortexproject/cortex pkg/ring/model.go IsHeartbeatHealthy
 * with the Reporting operation, which counts every state as healthy): an instance is healthy while
 * now − last heartbeat ≤ the heartbeat timeout; a timeout of 0 disables the check.
 */

/** Cortex's default `-ring.heartbeat-timeout`. */
export const DEFAULT_HEARTBEAT_TIMEOUT_MS = 60_000;

export function isHeartbeatHealthy(timestampSeconds: number, now: Date, heartbeatTimeoutMs: number = DEFAULT_HEARTBEAT_TIMEOUT_MS): boolean {
  if (heartbeatTimeoutMs === 0) return true;
  return now.getTime() - timestampSeconds * 1000 <= heartbeatTimeoutMs;
}

/** Whole seconds since the last heartbeat (never negative under clock skew); null when it never heartbeated. */
export function heartbeatAgeSeconds(timestampSeconds: number, now: Date): number | null {
  if (timestampSeconds === 0) return null;
  return Math.max(0, Math.floor((now.getTime() - timestampSeconds * 1000) / 1000));
}
