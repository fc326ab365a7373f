// Test support: what a Cortex component's own Consul client went through, from its metrics
// (cortex_consul_request_duration_seconds, per operation and status code), read inside the container with
// busybox's wget (only the distributor and querier publish a port). "CAS loop" is one whole heartbeat write,
// retries included: its count, failures and slowest bucket say how a fault looked from Cortex's side.

export interface KvOperationStats {
  /** Completed operations, successful or not. */
  count: number;
  /** Operations that ended in an error (status_code other than 200). */
  errors: number;
  /** Cumulative count per histogram upper bound (seconds), over every status code. */
  buckets: Map<number, number>;
}

/** Parses Prometheus text for one operation of cortex_consul_request_duration_seconds. */
export function kvOperationStats(metrics: string, operation: string): KvOperationStats {
  const stats: KvOperationStats = { count: 0, errors: 0, buckets: new Map() };
  const pattern = /^cortex_consul_request_duration_seconds_(count|bucket)\{([^}]*)\} (\S+)$/gm;
  for (const [, kind, labelText = "", value] of metrics.matchAll(pattern)) {
    const labels = Object.fromEntries([...labelText.matchAll(/(\w+)="([^"]*)"/g)].map(([, name = "", v = ""]) => [name, v]));
    if (labels.operation !== operation) continue;
    const n = Number(value);
    if (kind === "count") {
      stats.count += n;
      if (labels.status_code !== "200") stats.errors += n;
    } else {
      const le = labels.le === "+Inf" ? Infinity : Number(labels.le);
      stats.buckets.set(le, (stats.buckets.get(le) ?? 0) + n);
    }
  }
  return stats;
}

/** What happened between two readings: operations, failures, and the upper bound of the slowest one (seconds). */
export function kvDelta(before: KvOperationStats, after: KvOperationStats): { count: number; errors: number; slowestUpToS: number } {
  const count = after.count - before.count;
  let slowest = 0;
  const bounds = [...after.buckets.keys()].sort((a, b) => a - b);
  for (const le of bounds) {
    const grew = (after.buckets.get(le) ?? 0) - (before.buckets.get(le) ?? 0);
    if (grew >= count) {
      slowest = le;
      break;
    }
  }
  return { count, errors: after.errors - before.errors, slowestUpToS: slowest };
}
