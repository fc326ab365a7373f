import { describe, expect, it } from "vitest";
import { ApplyTally, parseEvent } from "./events.js";

// Lines as Terraform 1.11 prints them (trimmed to the keys the CLI reads, plus ones it must ignore).
const start = '{"@level":"info","@message":"docker_network.n: Creating...","hook":{"resource":{"addr":"docker_network.n","module":""},"action":"create"},"type":"apply_start"}';
const complete = '{"@level":"info","hook":{"resource":{"addr":"docker_network.n"},"action":"create","id_key":"id","id_value":"4b1e","elapsed_seconds":2},"type":"apply_complete"}';
const diagnostic = '{"@level":"error","diagnostic":{"severity":"error","summary":"Unable to create network","detail":"permission denied","address":"docker_network.n","range":{"filename":"network.tf","start":{"line":1,"column":1}}},"type":"diagnostic"}';

describe("parseEvent", () => {
  it("reads hooks, diagnostics, summaries and interrupt logs; ignores the rest", () => {
    expect(parseEvent(start)).toEqual({ type: "apply_start", address: "docker_network.n", action: "create" });
    expect(parseEvent(complete)).toEqual({ type: "apply_complete", address: "docker_network.n", action: "create", elapsedSeconds: 2, id: "id=4b1e" });
    expect(parseEvent(diagnostic)).toEqual({ type: "diagnostic", severity: "error", summary: "Unable to create network", detail: "permission denied", address: "docker_network.n", location: "network.tf:1" });
    expect(parseEvent('{"type":"change_summary","changes":{"add":2,"change":0,"remove":1,"operation":"apply"}}')).toEqual({ type: "change_summary", add: 2, change: 0, remove: 1, operation: "apply" });
    expect(parseEvent('{"type":"log","@message":"Interrupt received."}')).toEqual({ type: "log", message: "Interrupt received." });
    expect(parseEvent('{"type":"refresh_start","hook":{}}')).toBeUndefined();
    expect(parseEvent("Terraform has been successfully initialized!")).toBeUndefined();
    expect(parseEvent("{broken")).toBeUndefined();
  });
});

describe("ApplyTally", () => {
  it("counts a change applied once its operations finished; a replace needs delete and create", () => {
    const tally = new ApplyTally([
      { address: "a", action: "create" },
      { address: "b", action: "replace" },
      { address: "c", action: "delete" },
    ]);
    tally.record({ type: "apply_complete", address: "a", action: "create", elapsedSeconds: 0 });
    tally.record({ type: "apply_complete", address: "b", action: "delete", elapsedSeconds: 0 });
    expect([tally.applied, tally.planned]).toEqual([1, 3]);
    tally.record({ type: "apply_complete", address: "b", action: "create", elapsedSeconds: 0 });
    expect(tally.applied).toBe(2);
  });
});
