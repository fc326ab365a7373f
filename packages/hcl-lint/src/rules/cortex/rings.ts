/**
 * Cortex v1.21.1's hash rings as its flags and YAML name them (pkg/ring/kv/client.go, pkg/ring/kv/consul/client.go,
 * pkg/ring/ring.go, pkg/ring/lifecycler.go, each component's *_ring.go, docs/configuration/config-file-reference.md).
 * The ingester ring keeps its old flag names: `-ring.store` and `-consul.hostname` without a prefix.
 */

export interface RingKind {
  /** The ring as the status page and `cortex-ring ring` name it. */
  name: string;
  /** Where the ring's configuration sits in the YAML (its `kvstore` is below). */
  yaml: readonly string[];
  /** `-<prefix>store`, `-<prefix>consul.hostname`. */
  storeFlag: string;
  hostFlag: string;
  /** Targets that read this ring when they run, so Cortex's defaults (consul at localhost:8500) apply to them. */
  readers: readonly string[];
}

const ring = (name: string, yaml: string[], prefix: string): RingKind => ({ name, yaml, storeFlag: `${prefix}store`, hostFlag: `${prefix}consul.hostname`, readers: [] });

/** Distributors, queriers and rulers find the ingesters through this ring; `all` runs them all (pkg/cortex/modules.go). */
export const INGESTER_RING: RingKind = {
  name: "ingester",
  yaml: ["ingester", "lifecycler", "ring"],
  storeFlag: "ring.store",
  hostFlag: "consul.hostname",
  readers: ["ingester", "distributor", "querier", "ruler", "all"],
};

export const RINGS: readonly RingKind[] = [
  INGESTER_RING,
  ring("distributor", ["distributor", "ring"], "distributor.ring."),
  ring("store-gateway", ["store_gateway", "sharding_ring"], "store-gateway.sharding-ring."),
  ring("compactor", ["compactor", "sharding_ring"], "compactor.ring."),
  ring("ruler", ["ruler", "ring"], "ruler.ring."),
  ring("alertmanager", ["alertmanager", "sharding_ring"], "alertmanager.sharding-ring."),
  ring("parquet-converter", ["parquet_converter", "ring"], "parquet-converter.ring."),
];

/** The HA tracker keeps replica leases (not a ring) in Consul too: its address is judged, its store is its own. */
export const HA_TRACKER = { name: "HA tracker", yaml: ["distributor", "ha_tracker", "kvstore", "consul", "host"], hostFlag: "distributor.ha-tracker.consul.hostname" } as const;

/** Targets whose instances register in the ingester ring. */
export const INGESTER_TARGETS: readonly string[] = ["ingester", "all"];

/** The ingester ring's replication factor (`-distributor.replication-factor`, default 3) and zone awareness. */
export const REPLICATION = {
  flag: "distributor.replication-factor",
  yaml: ["ingester", "lifecycler", "ring", "replication_factor"],
  fallback: "3",
  zoneFlag: "distributor.zone-awareness-enabled",
  zoneYaml: ["ingester", "lifecycler", "ring", "zone_awareness_enabled"],
} as const;

/** An ingester's ID in the ring: `-ingester.lifecycler.ID` (YAML `ingester.lifecycler.id`, hidden), default the hostname. */
export const INGESTER_ID = { flag: "ingester.lifecycler.ID", yaml: ["ingester", "lifecycler", "id"] } as const;

export const CORTEX_DEFAULTS = { store: "consul", host: "localhost:8500", target: "all" } as const;

/** The Cortex rules' `images` option: repositories that run Cortex (any registry, tag or digest). */
export const IMAGES_OPTION = { type: "array", items: { type: "string" }, description: "Repositories that run Cortex." } as const;
export const CORTEX_IMAGES: string[] = ["cortexproject/cortex"];
