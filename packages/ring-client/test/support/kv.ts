/** Writes ring values straight into Consul with the `consul` client, as Cortex's KV client would. */
import Consul from "consul";
import type { ConsulAgent } from "@cortex-ring/test-support/consul";

interface RawConsul {
  kv: { set(o: object): Promise<unknown> };
  destroy(): void;
}

/** PUTs `value` at `key` over the agent's plain HTTP port; throws unless Consul answered `true`. */
export async function putRaw(target: ConsulAgent, key: string, value: Buffer, token?: string): Promise<void> {
  const consul = new (Consul as unknown as new (o: object) => RawConsul)({ baseUrl: `${target.address}/v1`, ...(token ? { defaults: { token } } : {}) });
  try {
    const applied = await consul.kv.set({ key, value });
    if (applied !== true) throw new Error(`Consul at ${target.address} did not store ${key} (answered ${String(applied)})`);
  } finally {
    consul.destroy();
  }
}
