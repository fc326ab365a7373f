import { uncompressSync } from "snappy";
import { describe, expect, it } from "vitest";
import { encodeWriteRequest, remoteWriteHeaders, writeRequestProto } from "./remote-write.js";

/** Bytes written out by hand from prompb's field numbers and wire types, not by the code under test. */
const ONE_SAMPLE = Buffer.from([
  0x0a, 0x1d, // WriteRequest.timeseries (1, length-delimited), 29 bytes
  0x0a, 0x0d, // TimeSeries.labels (1), 13 bytes
  0x0a, 0x08, ...Buffer.from("__name__"), // Label.name (1)
  0x12, 0x01, ...Buffer.from("a"), // Label.value (2)
  0x12, 0x0c, // TimeSeries.samples (2), 12 bytes
  0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf0, 0x3f, // Sample.value (1, fixed64 double) = 1.0
  0x10, 0xe8, 0x07, // Sample.timestamp (2, varint) = 1000
]);

describe("remote write encoding", () => {
  it("encodes a WriteRequest exactly as prompb lays it out", () => {
    expect(Buffer.from(writeRequestProto([{ labels: { __name__: "a" }, samples: [{ value: 1, timestamp: 1000 }] }]))).toEqual(ONE_SAMPLE);
  });

  it("sorts labels by name, as the spec requires of senders", () => {
    const proto = Buffer.from(writeRequestProto([{ labels: { zone: "z", __name__: "m", check_id: "c" }, samples: [{ value: 0, timestamp: 0 }] }]));
    const names = ["__name__", "check_id", "zone"].map((name) => proto.indexOf(name));
    expect(names.every((at) => at > 0)).toBe(true);
    expect([...names].sort((a, b) => a - b)).toEqual(names);
  });

  it("keeps millisecond timestamps beyond 2^32 and negative, fractional and special values", () => {
    const timestamp = 1_795_000_000_123;
    const values = [-2.5, 0.1, Number.MAX_VALUE, Infinity, NaN];
    const proto = Buffer.from(writeRequestProto([{ labels: { __name__: "m" }, samples: values.map((value) => ({ value, timestamp })) }]));
    // Field 2 (varint) then 1795000000123 in 7-bit groups, least significant first: 6 bytes for a 41-bit number.
    const varint = Buffer.from([0x10, 0xfb, 0xbc, 0xd9, 0xf2, 0x9e, 0x34]);
    expect(proto.toString("hex").split(varint.toString("hex")).length - 1).toBe(values.length);
    for (const value of values) {
      const double = Buffer.alloc(8);
      double.writeDoubleLE(value);
      expect(proto.includes(Buffer.concat([Buffer.from([0x09]), double]))).toBe(true);
    }
  });

  it("compresses with snappy's block format (not the framed stream format)", () => {
    const body = encodeWriteRequest([{ labels: { __name__: "a" }, samples: [{ value: 1, timestamp: 1000 }] }]);
    expect(body.subarray(0, 6)).not.toEqual(Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e]));
    expect(body[0]).toBe(ONE_SAMPLE.length); // the block format starts with the uncompressed length as a varint
    expect(uncompressSync(body)).toEqual(ONE_SAMPLE);
  });

  it("sends the headers remote write 1.0 requires, and the tenant", () => {
    expect(remoteWriteHeaders("team-a", "cortex-ring/1.0.0")).toEqual({
      "Content-Encoding": "snappy",
      "Content-Type": "application/x-protobuf",
      "User-Agent": "cortex-ring/1.0.0",
      "X-Prometheus-Remote-Write-Version": "0.1.0",
      "X-Scope-OrgID": "team-a",
    });
  });
});
