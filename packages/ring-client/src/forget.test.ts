import { describe, expect, it } from "vitest";
import { fakeStore } from "../test/support/fake-store.js";
import type { InstanceDesc } from "./descriptor.js";
import { CasConflictError, InstanceHealthyError, KeyMissingError } from "./errors.js";
import { forgetInstance } from "./forget.js";

const nowSeconds = () => Math.floor(Date.now() / 1000);
function instance(heartbeatAgo: number, tokens: number[] = [1]): InstanceDesc {
  return { addr: "", timestamp: nowSeconds() - heartbeatAgo, state: 0, tokens, zone: "", registeredTimestamp: 0, id: "", readOnlyUpdatedTimestamp: 0, readOnly: false, versions: {} };
}

describe("forgetInstance", () => {
  it("removes an unhealthy instance in one check-and-set", async () => {
    const store = fakeStore({ ingesters: { dead: instance(600), live: instance(1) } });
    expect(await forgetInstance(store, "collectors/ring", "dead")).toEqual({ removed: true, attempts: 1 });
    expect(Object.keys(store.value().ingesters)).toEqual(["live"]);
  });

  it("on conflict re-reads and retries, so the concurrent heartbeat survives", async () => {
    const store = fakeStore({ ingesters: { dead: instance(600), live: instance(30) } }, { beforeWrite: (attempt, kv) => {
      if (attempt <= 2) {
        const d = kv.desc();
        d.ingesters.live = { ...d.ingesters.live!, timestamp: nowSeconds() + attempt };
        kv.write(d);
      }
    } });
    expect(await forgetInstance(store, "collectors/ring", "dead")).toEqual({ removed: true, attempts: 3 });
    expect(store.value().ingesters.live!.timestamp).toBe(nowSeconds() + 2);
    expect(store.value().ingesters.dead).toBeUndefined();
  });

  it("refuses a healthy instance unless forced", async () => {
    const store = fakeStore({ ingesters: { live: instance(2) } });
    await expect(forgetInstance(store, "collectors/ring", "live")).rejects.toThrow(InstanceHealthyError);
    await expect(forgetInstance(store, "collectors/ring", "live")).rejects.toMatchObject({ code: "instance-healthy", message: "live in collectors/ring is still healthy (last heartbeat 2s ago)" });
    expect(store.writes).toBe(0);
    expect(await forgetInstance(store, "collectors/ring", "live", { force: true })).toEqual({ removed: true, attempts: 1 });
  });

  it("an instance that is not there: removed false, nothing written", async () => {
    const store = fakeStore({ ingesters: { a: instance(600) } });
    expect(await forgetInstance(store, "collectors/ring", "zzz")).toEqual({ removed: false, attempts: 1 });
    expect(store.writes).toBe(0);
  });

  it("a missing key is a KeyMissingError", async () => {
    await expect(forgetInstance(fakeStore(null), "collectors/ring", "a")).rejects.toThrow(KeyMissingError);
  });

  it("gives up after maxAttempts lost races with a CasConflictError", async () => {
    const store = fakeStore({ ingesters: { dead: instance(600), live: instance(1) } }, { beforeWrite: (_attempt, kv) => kv.write(kv.desc()) });
    await expect(forgetInstance(store, "collectors/ring", "dead", { maxAttempts: 4 })).rejects.toMatchObject({
      code: "cas-conflict",
      message: "gave up updating collectors/ring after 4 conflicting check-and-set attempts at http://consul/v1/kv/collectors/ring",
    });
    expect(store.value().ingesters.dead).toBeDefined();
    await expect(forgetInstance(store, "collectors/ring", "dead", { maxAttempts: 1 })).rejects.toThrow(CasConflictError);
  });
});
