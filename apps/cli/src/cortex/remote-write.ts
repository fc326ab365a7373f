/**
 * Prometheus remote write 1.0 (https://prometheus.io/docs/specs/prw/remote_write_spec/): the body is a
 * `prometheus.WriteRequest` (prompb/remote.proto, types.proto) as protobuf, compressed with snappy's block
 * format (not the framed one). Only the fields a sample needs: labels and samples of each series.
 */
import protobuf from "protobufjs";
import { compressSync } from "snappy";

const SCHEMA = `
syntax = "proto3";
package prometheus;
message WriteRequest {
  repeated TimeSeries timeseries = 1;
  reserved 2;
}
message TimeSeries {
  repeated Label labels = 1;
  repeated Sample samples = 2;
}
message Label {
  string name = 1;
  string value = 2;
}
message Sample {
  double value = 1;
  int64 timestamp = 2;
}
`;

const WriteRequestType = protobuf.parse(SCHEMA).root.lookupType("prometheus.WriteRequest");

export interface Sample {
  value: number;
  /** Unix milliseconds. */
  timestamp: number;
}

export interface TimeSeries {
  /** `__name__` plus the other labels; the spec wants them sorted by name, which encodeWriteRequest does. */
  labels: Record<string, string>;
  samples: Sample[];
}

/** The headers the spec requires of a sender, plus the tenant Cortex reads from X-Scope-OrgID. */
export function remoteWriteHeaders(tenant: string, userAgent: string): Record<string, string> {
  return {
    "Content-Encoding": "snappy",
    "Content-Type": "application/x-protobuf",
    "User-Agent": userAgent,
    "X-Prometheus-Remote-Write-Version": "0.1.0",
    "X-Scope-OrgID": tenant,
  };
}

/** The protobuf `WriteRequest`, uncompressed. */
export function writeRequestProto(series: TimeSeries[]): Uint8Array {
  const message = {
    timeseries: series.map((s) => ({
      labels: Object.keys(s.labels)
        .sort()
        .map((name) => ({ name, value: s.labels[name] })),
      samples: s.samples.map((sample) => ({ value: sample.value, timestamp: sample.timestamp })),
    })),
  };
  return WriteRequestType.encode(WriteRequestType.fromObject(message)).finish();
}

/** The request body: the snappy-compressed (block format) `WriteRequest`. */
export function encodeWriteRequest(series: TimeSeries[]): Buffer {
  return compressSync(Buffer.from(writeRequestProto(series)));
}
