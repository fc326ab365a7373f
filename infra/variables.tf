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
  description = "Host port (on 127.0.0.1 only) that publishes Consul's HTTP API and UI."
  type        = number
  default     = 8500
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
