output "consul_http_addr" {
  description = "Consul's HTTP API on the host; ring-client and the CLI read the ring here."
  value       = "http://127.0.0.1:${var.consul_http_port}"
}

output "network_name" {
  description = "Docker network the Cortex components join."
  value       = docker_network.cortex-cluster.name
}

output "hash_ring_container" {
  description = "Name of the Consul container that holds the hash ring."
  value       = docker_container.cortex-cluster-hash-ring.name
}
