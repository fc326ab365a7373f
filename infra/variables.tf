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
  description = "Run the Cassandra store container. Set false where no Cassandra image can be obtained (offline machines)."
  type        = bool
  default     = true
}

variable "cassandra_image" {
  description = "Cassandra image for the chunk and index store."
  type        = string
  default     = "cassandra:4.1.7"
}
