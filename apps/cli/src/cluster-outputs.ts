/**
 * How to reach the ring of an applied Terraform directory, from its outputs: every Consul server's address on
 * the host and the ACL tokens Terraform generated. The tokens stay in memory: nothing here prints or logs them.
 */

/** The tokens the CLI uses: reads with the reader, `ring forget` with the operator (consul_acl_tokens keys). */
export type TokenRole = "ring-reader" | "ring-operator";

export interface ClusterAccess {
  /** consul_http_addrs (every server, first server first), else consul_http_addr alone. */
  addresses: string[];
  tokens: Partial<Record<TokenRole, string>>;
}

const ROLES: TokenRole[] = ["ring-reader", "ring-operator"];

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string" && item !== "") : [];
}

/** undefined when the outputs name no Consul address (nothing applied, or another configuration). */
export function clusterAccess(outputs: Record<string, unknown>): ClusterAccess | undefined {
  const all = strings(outputs.consul_http_addrs);
  const addresses = all.length > 0 ? all : typeof outputs.consul_http_addr === "string" ? [outputs.consul_http_addr] : [];
  if (addresses.length === 0) return undefined;
  const raw = outputs.consul_acl_tokens;
  const tokens: ClusterAccess["tokens"] = {};
  if (raw && typeof raw === "object") {
    for (const role of ROLES) {
      const token = (raw as Record<string, unknown>)[role];
      if (typeof token === "string" && token !== "") tokens[role] = token;
    }
  }
  return { addresses, tokens };
}

/** scheme://host:port of an address as the user may type it (`127.0.0.1:8500` means http). */
function origin(address: string): string | undefined {
  return URL.parse(/^[a-z][a-z0-9+.-]*:\/\//i.test(address) ? address : `http://${address}`)?.origin;
}

/** Whether `address` is one of the cluster's: only then may the cluster's tokens be sent to it. */
export function isClusterAddress(access: ClusterAccess, address: string): boolean {
  const wanted = origin(address);
  return wanted !== undefined && access.addresses.some((candidate) => origin(candidate) === wanted);
}
