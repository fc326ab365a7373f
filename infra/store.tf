# The tutorial's store (its chapter 5): one Cassandra node on the cluster network. Cortex 1.21 cannot use
# it (see var.enable_store); it is kept so the seed's system is complete.
resource "docker_image" "cassandra" {
  count        = var.enable_store ? 1 : 0
  name         = var.cassandra_image
  keep_locally = true
}

locals {
  # The store's health check: a CQL OPTIONS request (protocol v4, stream 0) must come back as SUPPORTED
  # (opcode 6), i.e. Cassandra's native transport is up and speaking CQL. Only bash and od, so it runs in
  # the official image and in the one tools/stack builds offline alike, without starting a JVM.
  cql_probe = trimspace(<<-EOT
    exec 3<>/dev/tcp/127.0.0.1/9042 && printf '\x04\x00\x00\x00\x05\x00\x00\x00\x00' >&3 && r=$(od -An -tx1 -N5 <&3) && [ "$${r// /}" = 8400000006 ]
  EOT
  )
}

resource "docker_container" "cortex-cluster-store" {
  count = var.enable_store ? 1 : 0
  name  = "${var.cluster_name}-store"
  image = docker_image.cassandra[0].image_id

  # The official image's variables (the offline build reads the same ones). It listens and broadcasts on
  # eth0 (the cluster network) and is its own seed.
  env = [
    "CASSANDRA_CLUSTER_NAME=${var.cluster_name}",
    "MAX_HEAP_SIZE=${var.store_heap_size}",
    # A node alone has no peers to wait for: no gossip settling, no 30 s ring delay before taking tokens.
    "JVM_EXTRA_OPTS=-Dcassandra.skip_wait_for_gossip_to_settle=0 -Dcassandra.ring_delay_ms=1000",
  ]

  networks_advanced {
    name = docker_network.cortex-cluster.name
  }

  # CQL on loopback only, for `cortex-ring doctor` and clients on the host; null publishes nothing.
  dynamic "ports" {
    for_each = var.store_cql_port == null ? [] : [var.store_cql_port]
    content {
      internal = 9042
      external = ports.value
      ip       = "127.0.0.1"
    }
  }

  # Durations as the provider reads them back from Docker ("5m0s", not "300s"), or every plan replaces it.
  healthcheck {
    test         = ["CMD", "bash", "-c", local.cql_probe]
    interval     = "5s"
    timeout      = "5s"
    start_period = "5m0s"
    retries      = 3
  }

  # apply returns once CQL answers; a start on a loaded two-core machine takes well under this.
  wait         = true
  wait_timeout = 300
}

output "store_container" {
  description = "Name of the Cassandra store container; absent when enable_store is false."
  value       = var.enable_store ? docker_container.cortex-cluster-store[0].name : null
}
