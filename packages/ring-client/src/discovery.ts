/**
 * Where Cortex keeps its rings in Consul: full key = prefix + ring key. Defaults from cortexproject/cortex
 * (`-<component>.ring.prefix`, `collectors/` unless noted): ingester `collectors/ring`, distributor
 * `collectors/distributor`, compactor `collectors/compactor`, store-gateway `collectors/store-gateway`,
 * parquet converter `collectors/parquet-converter`, ruler `rulers/ring`, alertmanager `alertmanagers/alertmanager`.
 * `ha-tracker/` holds replica descriptors, not rings, and is not searched.
 */
export const DEFAULT_RING_KEY = "collectors/ring";

export const DEFAULT_RING_PREFIXES: readonly string[] = ["collectors/", "rulers/", "alertmanagers/"];

/** Keys that must hold a ring when present: a value there that does not decode is an error, not skipped. */
export const KNOWN_RING_KEYS: readonly string[] = [
  "collectors/ring",
  "collectors/distributor",
  "collectors/compactor",
  "collectors/store-gateway",
  "collectors/parquet-converter",
  "rulers/ring",
  "alertmanagers/alertmanager",
];
