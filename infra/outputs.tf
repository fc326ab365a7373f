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
  value       = docker_container.cortex-cluster-hash-ring[0].name
}

output "consul_http_addrs" {
  description = "Every Consul server's HTTP API on the host, first server first; the CLI fails over between them."
  value       = [for i in range(var.consul_servers) : "http://127.0.0.1:${var.consul_http_port + i}"]
}

output "consul_servers" {
  description = "Container (and Consul node) names of the Consul servers."
  value       = local.consul_server_names
}

output "consul_acl_tokens" {
  description = "ACL tokens: management (everything), ring-operator (the CLI's forget), ring-reader (the CLI's reads), cortex (Cortex's rings only). `terraform output -json consul_acl_tokens` shows them."
  value = {
    management      = local.consul_acl_secret["management"]
    "ring-operator" = local.consul_acl_secret["ring-operator"]
    "ring-reader"   = local.consul_acl_secret["ring-reader"]
    cortex          = local.consul_acl_secret["cortex"]
  }
  sensitive = true
}

output "cortex_distributor_url" {
  description = "The distributor's HTTP API on the host (remote write: <url>/api/v1/push); null without Cortex."
  value       = var.enable_cortex ? "http://127.0.0.1:${var.distributor_http_port}" : null
}

output "cortex_querier_url" {
  description = "The querier's HTTP API on the host (Prometheus queries: <url>/prometheus/api/v1/query); null without Cortex."
  value       = var.enable_cortex ? "http://127.0.0.1:${var.querier_http_port}" : null
}

output "cortex_ingester_ids" {
  description = "Instance IDs of the ingesters in collectors/ring (also their container names)."
  value       = local.ingester_ids
}

output "cortex_ring_instances" {
  description = "Instance IDs each Cortex ring holds once the cluster is up, by Consul key; cortex-ring apply waits until all are ACTIVE. Cortex names an instance after its host name unless told otherwise."
  # Empty lists without Cortex (enable_cortex = false).
  value = {
    "collectors/ring"          = local.ingester_ids
    "collectors/distributor"   = [for target, c in docker_container.cortex : c.hostname if target == "distributor"]
    "collectors/store-gateway" = [for target, c in docker_container.cortex : c.hostname if target == "store-gateway"]
    "collectors/compactor"     = [for target, c in docker_container.cortex : c.hostname if target == "compactor"]
  }
}
