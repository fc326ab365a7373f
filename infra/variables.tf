variable "docker_host" {
  description = "Docker daemon the cluster runs on."
  type        = string
  default     = "unix:///var/run/docker.sock"
}

variable "cluster_name" {
  description = "Names the Docker network and prefixes the containers; change it to run a second cluster on one host."
  type        = string
  default     = "cortex-cluster"
}

variable "consul_image" {
  description = "Consul image for the hash ring. Pinned: consul:latest was deleted from Docker Hub."
  type        = string
  default     = "hashicorp/consul:1.14.11"
}

variable "consul_http_port" {
  description = "Host port (on 127.0.0.1 only) that publishes Consul's HTTP API and UI; server i (from 0) publishes on this port + i."
  type        = number
  default     = 8500
}

variable "consul_servers" {
  description = "Consul servers holding the ring: 1 is the seed's single container; 3 or 5 form a Raft cluster that keeps serving the ring while 1 or 2 of them are down."
  type        = number
  default     = 1

  validation {
    condition     = contains([1, 3, 5], var.consul_servers)
    error_message = "consul_servers must be 1 (the seed), 3 or 5: an even count adds a server without tolerating one more failure."
  }
}

variable "consul_raft_multiplier" {
  description = "Consul's performance.raft_multiplier: scales Raft's timeouts. 1 (Consul's production advice) elects a new leader within seconds; raise it on a machine too loaded to answer heartbeats in time."
  type        = number
  default     = 1

  validation {
    condition     = var.consul_raft_multiplier >= 1 && var.consul_raft_multiplier <= 10 && floor(var.consul_raft_multiplier) == var.consul_raft_multiplier
    error_message = "consul_raft_multiplier must be a whole number from 1 to 10."
  }
}

variable "consul_ring_prefixes" {
  description = "Consul KV prefixes the Cortex rings live under. Cortex's ACL token may write these and nothing else; the CLI's tokens read (or, for forget, write) them."
  type        = list(string)
  default     = ["collectors/", "rulers/", "alertmanagers/"]
}

variable "enable_store" {
  description = "Run the tutorial's Cassandra store (<cluster_name>-store). Cortex 1.21 cannot use Cassandra: chunks storage, and with it Cassandra, was removed in Cortex 1.14 (cortexproject/cortex #4812), so the store completes the seed's system and is not wired into Cortex."
  type        = bool
  default     = true
}

variable "cassandra_image" {
  description = "Cassandra image for the store: the official image's name and a 5.0 tag (5.0 is the first Cassandra on Java 17). Offline, tools/stack builds it under this tag."
  type        = string
  default     = "cassandra:5.0.9"
}

variable "store_heap_size" {
  description = "The store's Java heap (MAX_HEAP_SIZE, e.g. 256M or 1G): small, for a host shared with Cortex."
  type        = string
  default     = "256M"

  validation {
    condition     = can(regex("^[1-9][0-9]*[MG]$", var.store_heap_size))
    error_message = "store_heap_size must be a size such as 256M or 1G."
  }
}

variable "store_cql_port" {
  description = "Host port (on 127.0.0.1 only) that publishes the store's CQL port 9042, for `cortex-ring doctor` and CQL clients on the host; null publishes nothing."
  type        = number
  default     = 9042
}

variable "enable_cortex" {
  description = "Run Cortex (distributor, ingesters, querier, store-gateway, compactor) on the hash ring. Set false for the seed only: network, store and Consul."
  type        = bool
  default     = true
}

variable "cortex_image" {
  description = "Cortex image for every component; the name and tag Cortex's own docs/getting-started uses."
  type        = string
  default     = "quay.io/cortexproject/cortex:v1.21.1"
}

variable "ingester_count" {
  description = "Number of Cortex ingesters in the ring (collectors/ring)."
  type        = number
  default     = 3

  validation {
    condition     = var.ingester_count >= 1 && floor(var.ingester_count) == var.ingester_count
    error_message = "ingester_count must be a whole number of at least 1."
  }
}

variable "replication_factor" {
  description = "How many ingesters receive each series (Cortex's -distributor.replication-factor); writes and reads need a quorum of floor(n/2)+1."
  type        = number
  default     = 3

  validation {
    condition     = var.replication_factor >= 1 && floor(var.replication_factor) == var.replication_factor
    error_message = "replication_factor must be a whole number of at least 1."
  }
}

variable "ring_heartbeat_timeout" {
  description = "Cortex's -ring.heartbeat-timeout for the ingester ring: an ingester silent for longer is skipped for reads and writes (0 = never)."
  type        = string
  default     = "1m"

  validation {
    condition     = can(regex("^(0|([0-9]+(\\.[0-9]+)?(ms|s|m|h))+)$", var.ring_heartbeat_timeout))
    error_message = "ring_heartbeat_timeout must be a Go duration such as 1m, 30s or 1m30s (0 = never)."
  }
}

variable "distributor_http_port" {
  description = "Host port (on 127.0.0.1 only) that publishes the distributor's HTTP API: Prometheus remote write at /api/v1/push."
  type        = number
  default     = 9009
}

variable "querier_http_port" {
  description = "Host port (on 127.0.0.1 only) that publishes the querier's HTTP API: the Prometheus query API under /prometheus/api/v1/."
  type        = number
  default     = 9010
}
