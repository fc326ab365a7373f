import { describe, expect, it } from "vitest";
import { countsLine, summarisePlan } from "./plan-summary.js";

const show = (changes: [string, string[]][], outputs: Record<string, string[]> = {}, version = "1.2"): string =>
  JSON.stringify({
    format_version: version,
    resource_changes: changes.map(([address, actions]) => ({ address, change: { actions } })),
    output_changes: Object.fromEntries(Object.entries(outputs).map(([name, actions]) => [name, { actions }])),
  });

describe("summarisePlan", () => {
  it("names create, update, replace (either order) and delete per address and counts them", () => {
    const summary = summarisePlan(
      show([
        ["docker_network.cortex-cluster", ["create"]],
        ["docker_container.ring", ["update"]],
        ["docker_image.consul", ["delete", "create"]],
        ["docker_image.cassandra", ["create", "delete"]],
        ["docker_container.store[0]", ["delete"]],
        ["data.docker_network.x", ["read"]],
        ["docker_volume.kept", ["no-op"]],
      ]),
    );
    expect(summary.changes).toEqual([
      { address: "docker_network.cortex-cluster", action: "create" },
      { address: "docker_container.ring", action: "update" },
      { address: "docker_image.consul", action: "replace" },
      { address: "docker_image.cassandra", action: "replace" },
      { address: "docker_container.store[0]", action: "delete" },
    ]);
    expect(summary.counts).toEqual({ create: 1, update: 1, replace: 2, delete: 1 });
    expect(countsLine(summary)).toBe("Plan: 1 to create, 1 to update, 2 to replace, 1 to delete.");
    expect(summary.hasChanges).toBe(true);
  });

  it("reports no changes when every action is no-op", () => {
    const summary = summarisePlan(show([["docker_network.n", ["no-op"]]], { consul_http_addr: ["no-op"] }));
    expect(summary.hasChanges).toBe(false);
    expect(countsLine(summary)).toBe("No changes.");
  });

  it("counts output-only changes as changes", () => {
    const summary = summarisePlan(show([], { consul_http_addr: ["update"] }));
    expect(summary.outputChanges).toEqual(["consul_http_addr"]);
    expect(summary.hasChanges).toBe(true);
  });

  it("accepts any 1.x format and rejects others with one line", () => {
    expect(summarisePlan(show([], {}, "1.9")).hasChanges).toBe(false);
    expect(() => summarisePlan(show([], {}, "2.0"))).toThrow("unsupported plan format_version 2.0");
    expect(() => summarisePlan("Error: oops")).toThrow("not JSON");
  });
});
