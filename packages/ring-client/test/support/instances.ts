/** Ring descriptors for unit tests: instances with defaults for every field they do not care about. */
import type { InstanceDesc, RingDesc } from "../../src/descriptor.js";

export function instanceDesc(overrides: Partial<InstanceDesc> = {}): InstanceDesc {
  return { addr: "", timestamp: 0, state: 0, tokens: [], zone: "", registeredTimestamp: 0, id: "", readOnlyUpdatedTimestamp: 0, readOnly: false, versions: {}, ...overrides };
}

/** A ring of instances by ID. */
export function ringDesc(instances: Record<string, Partial<InstanceDesc>>): RingDesc {
  return { ingesters: Object.fromEntries(Object.entries(instances).map(([id, fields]) => [id, instanceDesc({ addr: `${id}:9095`, ...fields })])) };
}
