/**
 * The ring descriptor as Cortex and dskit store it in Consul: snappy (block format) of the protobuf `ring.Desc`.
 * Schema: the union of cortexproject/cortex pkg/ring/ring.proto (fields 1–8, state READONLY = 5) and
 * grafana/dskit ring/ring.proto (fields 9–12). Unknown fields are skipped by the protobuf reader.
 */
import protobuf from "protobufjs";
import { compressSync, uncompressSync } from "snappy";
import { NotARingError } from "./errors.js";

const SCHEMA = `
syntax = "proto3";
package ring;
message Desc {
  map<string, InstanceDesc> ingesters = 1;
  reserved 2;
}
message InstanceDesc {
  reserved 4, 5;
  string addr = 1;
  int64 timestamp = 2;
  InstanceState state = 3;
  repeated uint32 tokens = 6;
  string zone = 7;
  int64 registered_timestamp = 8;
  string id = 9;
  int64 read_only_updated_timestamp = 10;
  bool read_only = 11;
  map<uint64, uint64> versions = 12;
}
enum InstanceState {
  ACTIVE = 0;
  LEAVING = 1;
  PENDING = 2;
  JOINING = 3;
  LEFT = 4;
  READONLY = 5;
}
`;

const root = protobuf.parse(SCHEMA, { keepCase: false }).root;
const DescType = root.lookupType("ring.Desc");
const InstanceDescType = root.lookupType("ring.InstanceDesc");

export type InstanceState = "ACTIVE" | "LEAVING" | "PENDING" | "JOINING" | "LEFT" | "READONLY";
export const INSTANCE_STATES: readonly InstanceState[] = ["ACTIVE", "LEAVING", "PENDING", "JOINING", "LEFT", "READONLY"];

/** One `InstanceDesc` as stored; timestamps are unix seconds (0 = unknown). */
export interface InstanceDesc {
  addr: string;
  timestamp: number;
  /** The wire number: 0 ACTIVE … 5 READONLY; a newer writer may send others. */
  state: number;
  tokens: number[];
  zone: string;
  registeredTimestamp: number;
  /** dskit only: the instance ID repeated inside the value. */
  id: string;
  readOnlyUpdatedTimestamp: number;
  readOnly: boolean;
  /** dskit only: uint64 → uint64, kept as decimal strings (they may exceed 2^53). */
  versions: Record<string, string>;
}

/** `ring.Desc`: instance ID → instance. */
export interface RingDesc {
  ingesters: Record<string, InstanceDesc>;
}

interface Long {
  toNumber(): number;
}
type Int64 = number | Long | string | null | undefined;

interface InstanceMessage {
  addr?: string;
  timestamp?: Int64;
  state?: number;
  tokens?: number[];
  zone?: string;
  registeredTimestamp?: Int64;
  id?: string;
  readOnlyUpdatedTimestamp?: Int64;
  readOnly?: boolean;
  versions?: Record<string, unknown>;
}

function toNumber(value: Int64): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === "number") return value;
  if (typeof value === "string") return Number(value);
  return value.toNumber();
}

function toInstance(message: InstanceMessage & protobuf.Message): InstanceDesc {
  const hasVersions = message.versions !== undefined && Object.keys(message.versions).length > 0;
  return {
    addr: message.addr ?? "",
    timestamp: toNumber(message.timestamp),
    state: message.state ?? 0,
    tokens: message.tokens ?? [],
    zone: message.zone ?? "",
    registeredTimestamp: toNumber(message.registeredTimestamp),
    id: message.id ?? "",
    readOnlyUpdatedTimestamp: toNumber(message.readOnlyUpdatedTimestamp),
    readOnly: message.readOnly ?? false,
    // protobufjs keys 64-bit maps by an internal hash; its toObject spells them out in decimal.
    versions: hasVersions ? (InstanceDescType.toObject(message, { longs: String }).versions as Record<string, string>) : {},
  };
}

/** Decodes a Consul KV value written by Cortex or dskit. Throws NotARingError naming `key`. */
export function decodeRingDesc(value: Uint8Array | null | undefined, key = "ring"): RingDesc {
  if (!value || value.length === 0) throw new NotARingError(key, "empty", "0 bytes");
  let raw: Buffer;
  try {
    raw = uncompressSync(value, { asBuffer: true }) as Buffer;
  } catch (error) {
    throw new NotARingError(key, "snappy", firstLine(error), error);
  }
  // Decoded messages are protobufjs Message instances carrying the fields below.
  let message: { ingesters?: Record<string, InstanceMessage & protobuf.Message> };
  try {
    message = DescType.decode(raw) as unknown as typeof message;
  } catch (error) {
    throw new NotARingError(key, "protobuf", firstLine(error), error);
  }
  const ingesters: Record<string, InstanceDesc> = {};
  for (const [id, instance] of Object.entries(message.ingesters ?? {})) ingesters[id] = toInstance(instance);
  return { ingesters };
}

/** Encodes a descriptor the way Cortex's codec does (proto.Marshal, then snappy.Encode). */
export function encodeRingDesc(desc: RingDesc): Buffer {
  const message = DescType.fromObject({
    ingesters: Object.fromEntries(
      Object.entries(desc.ingesters).map(([id, instance]) => [
        id,
        {
          addr: instance.addr,
          timestamp: instance.timestamp,
          state: instance.state,
          tokens: instance.tokens,
          zone: instance.zone,
          registeredTimestamp: instance.registeredTimestamp,
          id: instance.id,
          readOnlyUpdatedTimestamp: instance.readOnlyUpdatedTimestamp,
          readOnly: instance.readOnly,
          versions: instance.versions,
        },
      ]),
    ),
  });
  return compressSync(DescType.encode(message).finish());
}

/** The state's name, or null for a number this schema does not know. */
export function stateName(state: number): InstanceState | null {
  return INSTANCE_STATES[state] ?? null;
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split("\n")[0] ?? "";
}
