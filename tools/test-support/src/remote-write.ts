/**
 * Prometheus remote write 1.0 as Cortex's /api/v1/push reads it (a snappy block-compressed prompb WriteRequest),
 * with its own schema: tests push samples into a real distributor, and decode what the CLI pushed into a fake one,
 * independently of the CLI's encoder.
 */
import protobuf from "protobufjs";
import { compressSync, uncompressSync } from "snappy";

const WriteRequest = protobuf.parse(`
syntax = "proto3";
message WriteRequest { repeated TimeSeries timeseries = 1; }
message TimeSeries { repeated Label labels = 1; repeated Sample samples = 2; }
message Label { string name = 1; string value = 2; }
message Sample { double value = 1; int64 timestamp = 2; }
`).root.lookupType("WriteRequest");

export interface Series {
  labels: { name: string; value: string }[];
  samples: { value: number; timestamp: number }[];
}

/** The headers a remote-write sender sets. */
export const REMOTE_WRITE_HEADERS = { "Content-Type": "application/x-protobuf", "Content-Encoding": "snappy", "X-Prometheus-Remote-Write-Version": "0.1.0" };

/** A push's body: the WriteRequest of `series`, snappy-compressed. */
export function encodeWriteRequest(series: Series[]): Buffer {
  return compressSync(Buffer.from(WriteRequest.encode(WriteRequest.fromObject({ timeseries: series })).finish()));
}

/** The series of a push's body. */
export function decodeWriteRequest(body: Buffer): Series[] {
  const decoded = WriteRequest.toObject(WriteRequest.decode(uncompressSync(body) as Buffer), { longs: Number, arrays: true }) as { timeseries: Series[] };
  return decoded.timeseries;
}
