import protobuf from "protobufjs";
import { compressSync, uncompressSync } from "snappy";
import { describe, expect, it } from "vitest";
import { vector, vectors } from "../test/support/fixtures.js";
import { decodeRingDesc, encodeRingDesc, stateName, type RingDesc } from "./descriptor.js";
import { NotARingError } from "./errors.js";

describe("decodeRingDesc on values written by Cortex's codec", () => {
  for (const v of vectors("cortex")) {
    it(`${v.name}: ${v.description}`, () => {
      const desc = decodeRingDesc(v.value, "collectors/ring");
      expect(Object.keys(desc.ingesters).sort()).toEqual(Object.keys(v.instances).sort());
      for (const [id, want] of Object.entries(v.instances)) {
        const got = desc.ingesters[id]!;
        expect({ addr: got.addr, timestamp: got.timestamp, state: stateName(got.state), tokens: got.tokens, zone: got.zone, registeredTimestamp: got.registeredTimestamp }).toEqual({
          ...want,
          tokens: want.tokens ?? [],
        });
      }
    });
  }
});

describe("decodeRingDesc on values written by grafana/dskit's codec", () => {
  it("reads id, read_only, read_only_updated_timestamp and versions beyond 2^53", () => {
    const v = vector("dskit", "dskit-fields");
    const desc = decodeRingDesc(v.value);
    expect(Object.keys(desc.ingesters).sort()).toEqual(Object.keys(v.instances).sort());
    for (const [id, want] of Object.entries(v.instances)) {
      const got = desc.ingesters[id]!;
      expect({ ...got, state: stateName(got.state) }).toEqual({ ...want, tokens: want.tokens ?? [] });
    }
    expect(desc.ingesters["store-gateway-2"]!.versions["18446744073709551615"]).toBe("12345678901234567890");
  });
});

describe("encodeRingDesc", () => {
  it("round-trips every upstream vector (compared decoded: Go writes map entries in random order)", () => {
    for (const v of [...vectors("cortex"), ...vectors("dskit")]) {
      const desc = decodeRingDesc(v.value);
      expect(decodeRingDesc(encodeRingDesc(desc))).toEqual(desc);
    }
  });

  it("writes the same protobuf bytes as Cortex for a one-instance ring", () => {
    const v = vector("cortex", "single-token");
    const ours = uncompressSync(encodeRingDesc(decodeRingDesc(v.value)), { asBuffer: true });
    expect(ours).toEqual(uncompressSync(v.value, { asBuffer: true }));
  });
});

// Hand-built variations of a Cortex vector: what other writers may legally send.
const Writer = protobuf.Writer;
function instanceBytes(build: (w: protobuf.Writer) => void): Uint8Array {
  const w = Writer.create();
  build(w);
  return w.finish();
}
function ringBytes(id: string, instance: Uint8Array, extra?: (w: protobuf.Writer) => void): Buffer {
  const entry = Writer.create().uint32((1 << 3) | 2).string(id).uint32((2 << 3) | 2).bytes(instance).finish();
  const w = Writer.create().uint32((1 << 3) | 2).bytes(entry);
  extra?.(w);
  return compressSync(w.finish());
}

describe("decodeRingDesc tolerance", () => {
  it("skips unknown fields in Desc and InstanceDesc", () => {
    const instance = instanceBytes((w) => {
      w.uint32((1 << 3) | 2).string("10.0.0.1:9095");
      w.uint32((2 << 3) | 0).int64(1_700_000_000);
      w.uint32((42 << 3) | 2).string("from a newer writer");
      w.uint32((43 << 3) | 0).uint64(7);
      w.uint32((44 << 3) | 5).fixed32(9);
      w.uint32((6 << 3) | 2).fork().uint32(5).uint32(10).ldelim();
    });
    const desc = decodeRingDesc(ringBytes("a", instance, (w) => w.uint32((99 << 3) | 2).string("ignored")));
    expect(desc.ingesters.a).toMatchObject({ addr: "10.0.0.1:9095", timestamp: 1_700_000_000, tokens: [5, 10] });
  });

  it("accepts unpacked tokens (one varint per token) as well as packed", () => {
    const instance = instanceBytes((w) => {
      w.uint32((6 << 3) | 0).uint32(4_294_967_295);
      w.uint32((6 << 3) | 0).uint32(0);
      w.uint32((6 << 3) | 2).fork().uint32(7).ldelim();
    });
    expect(decodeRingDesc(ringBytes("a", instance)).ingesters.a!.tokens).toEqual([4_294_967_295, 0, 7]);
  });

  it("keeps a state number it does not know, instead of failing", () => {
    const instance = instanceBytes((w) => w.uint32((3 << 3) | 0).uint32(9));
    const desc = decodeRingDesc(ringBytes("a", instance));
    expect(desc.ingesters.a!.state).toBe(9);
    expect(stateName(9)).toBeNull();
  });

  it("reads a ring with no instances", () => {
    expect(decodeRingDesc(vector("cortex", "empty").value)).toEqual<RingDesc>({ ingesters: {} });
  });
});

describe("values that are not rings", () => {
  const cases: { name: string; value: Buffer; reason: string; message: RegExp }[] = [
    { name: "empty value", value: Buffer.alloc(0), reason: "empty", message: /value at collectors\/ring is not a Cortex ring \(empty value: 0 bytes\)/ },
    { name: "plain text", value: Buffer.from("hello, not snappy"), reason: "snappy", message: /collectors\/ring is not a Cortex ring \(not snappy-compressed: / },
    { name: "snappy framed format", value: Buffer.from("ff060000734e61507059", "hex"), reason: "snappy", message: /not snappy-compressed/ },
    { name: "snappy of JSON", value: compressSync(Buffer.from('{"ingesters":{}}')), reason: "protobuf", message: /not a ring protobuf: / },
    { name: "snappy of a truncated ring", value: compressSync((uncompressSync(vector("cortex", "three-ingesters").value, { asBuffer: true }) as Buffer).subarray(0, 100)), reason: "protobuf", message: /not a ring protobuf/ },
  ];
  for (const c of cases) {
    it(`${c.name}: a NotARingError naming the key`, () => {
      let error: unknown;
      try {
        decodeRingDesc(c.value, "collectors/ring");
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(NotARingError);
      expect((error as NotARingError).reason).toBe(c.reason);
      expect((error as NotARingError).code).toBe("not-a-ring");
      expect((error as NotARingError).key).toBe("collectors/ring");
      expect((error as Error).message).toMatch(c.message);
      expect((error as Error).message).not.toContain("\n");
    });
  }
});
