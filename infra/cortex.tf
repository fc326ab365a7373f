# Cortex in microservices mode on the seed's hash ring: a distributor, var.ingester_count ingesters, a
# querier, and the store-gateway and compactor that blocks storage needs, one container each on the
# cluster network. All of them keep their rings in the hash-ring Consul; the configuration is one YAML
# (cortex.yaml.tftpl) and each container adds its -target and its identity as flags.

locals {
  cortex_count = var.enable_cortex ? 1 : 0

  # The one place the ring's Consul address is written: the YAML's kvstores and every -consul.hostname use it.
  cortex_consul_address = "${docker_container.cortex-cluster-hash-ring[0].name}:8500"

  cortex_http_port   = 9009
  cortex_blocks_dir  = "/data/blocks"
  cortex_config_file = "/etc/cortex/cortex.yaml"
  cortex_config = templatefile("${path.module}/cortex.yaml.tftpl", {
    consul_address     = local.cortex_consul_address
    consul_acl_token   = local.consul_acl_secret["cortex"] # sensitive: plans show the rendered YAML as (sensitive value)
    replication_factor = var.replication_factor
    heartbeat_timeout  = var.ring_heartbeat_timeout
    http_port          = local.cortex_http_port
    grpc_port          = 9095
    blocks_dir         = local.cortex_blocks_dir
  })

  # Ingester instance IDs in collectors/ring, also their container names (so `docker stop <id>` works).
  ingester_ids = [for i in range(var.enable_cortex ? var.ingester_count : 0) : "${var.cluster_name}-ingester-${i}"]

  # The components that run once, by -target, and what sets each apart: the port it publishes on loopback
  # (the distributor's remote write, the querier's query API) and whether it reads the blocks volume.
  cortex_components = var.enable_cortex ? {
    distributor     = { port = var.distributor_http_port, blocks = false }
    querier         = { port = var.querier_http_port, blocks = true }
    "store-gateway" = { port = null, blocks = true }
    compactor       = { port = null, blocks = true }
  } : {}

  # Cortex leaves its ring on SIGTERM; Docker's default 10 s, and the provider's immediate SIGKILL on
  # destroy, could cut that short and leave the instance in the ring.
  cortex_stop_seconds = 30
}

resource "docker_image" "cortex" {
  count        = local.cortex_count
  name         = var.cortex_image
  keep_locally = true
}

resource "docker_volume" "cortex-blocks" {
  count = local.cortex_count
  name  = "${var.cluster_name}-blocks"
}

# The distributor, the querier, the store-gateway and the compactor: one container each, named after its target.
resource "docker_container" "cortex" {
  for_each = local.cortex_components
  name     = "${var.cluster_name}-${each.key}"
  hostname = "${var.cluster_name}-${each.key}"
  image    = docker_image.cortex[0].image_id
  command = [
    "-target=${each.key}",
    "-config.file=${local.cortex_config_file}",
    "-ring.store=consul",
    "-consul.hostname=${local.cortex_consul_address}",
  ]
  # Cortex exits when Consul does not answer yet; Docker starts it again (never after docker stop/kill).
  restart               = "on-failure"
  stop_timeout          = local.cortex_stop_seconds
  destroy_grace_seconds = local.cortex_stop_seconds

  upload {
    file    = local.cortex_config_file
    content = local.cortex_config
  }

  dynamic "volumes" {
    for_each = each.value.blocks ? [docker_volume.cortex-blocks[0].name] : []
    content {
      volume_name    = volumes.value
      container_path = local.cortex_blocks_dir
    }
  }

  networks_advanced {
    name = docker_network.cortex-cluster.name
  }

  dynamic "ports" {
    for_each = each.value.port == null ? [] : [each.value.port]
    content {
      internal = local.cortex_http_port
      external = ports.value
      ip       = "127.0.0.1"
    }
  }
}

# var.ingester_count ingesters, each with its own ID in collectors/ring.
resource "docker_container" "cortex-ingester" {
  count    = length(local.ingester_ids)
  name     = local.ingester_ids[count.index]
  hostname = local.ingester_ids[count.index]
  image    = docker_image.cortex[0].image_id
  command = [
    "-target=ingester",
    "-config.file=${local.cortex_config_file}",
    "-ring.store=consul",
    "-consul.hostname=${local.cortex_consul_address}",
    "-ingester.lifecycler.ID=${local.ingester_ids[count.index]}",
  ]
  restart               = "on-failure"
  stop_timeout          = local.cortex_stop_seconds
  destroy_grace_seconds = local.cortex_stop_seconds

  upload {
    file    = local.cortex_config_file
    content = local.cortex_config
  }

  volumes {
    volume_name    = docker_volume.cortex-blocks[0].name
    container_path = local.cortex_blocks_dir
  }

  networks_advanced {
    name = docker_network.cortex-cluster.name
  }
}

# Before the components were one resource, each was its own (count = 1).
moved {
  from = docker_container.cortex-distributor[0]
  to   = docker_container.cortex["distributor"]
}

moved {
  from = docker_container.cortex-querier[0]
  to   = docker_container.cortex["querier"]
}

moved {
  from = docker_container.cortex-store-gateway[0]
  to   = docker_container.cortex["store-gateway"]
}

moved {
  from = docker_container.cortex-compactor[0]
  to   = docker_container.cortex["compactor"]
}
