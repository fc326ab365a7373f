# The hash ring's store: var.consul_servers Consul servers (1 = the seed's single container; 3 or 5 = a Raft
# cluster that keeps the ring through the loss of 1 or 2 of them), with ACLs on and default deny in every mode.
#
# One name: every server joins the cluster network with the alias "<cluster>-hash-ring", which is also the
# first server's container name. Docker's DNS answers that name with the address of every server attached to
# the network and drops a server the moment it stops or is disconnected, so Cortex's `-consul.hostname`
# (docker_container.cortex-cluster-hash-ring.name) reaches a live server while any one of them is down. On the
# host, server i publishes its HTTP API on 127.0.0.1:(consul_http_port + i); the CLI fails over between them.

resource "docker_image" "consul" {
  name         = var.consul_image
  keep_locally = true
}

locals {
  hash_ring_name = "${var.cluster_name}-hash-ring"
  # Server 1 keeps the seed's name, so growing from 1 to 3 servers keeps the seed's data volume.
  consul_server_names = [for i in range(var.consul_servers) : i == 0 ? local.hash_ring_name : "${local.hash_ring_name}-${i + 1}"]

  # Real server agents (not -dev): Raft data on a named volume, so a restarted server rejoins with its data.
  # Each one retries joining the others by container name until Docker's DNS knows them.
  consul_server_command = [for name in local.consul_server_names : concat(
    ["agent", "-server", "-ui", "-client=0.0.0.0", "-node=${name}", "-bootstrap-expect=${var.consul_servers}", "-retry-interval=2s"],
    [for peer in local.consul_server_names : "-retry-join=${peer}" if peer != name],
  )]

  # Works with the official hashicorp/consul image and the locally built one alike (sh, wget, timeout, consul).
  consul_entrypoint = ["/bin/sh", "/consul/acl/consul-acl.sh"]

  consul_server_config = jsonencode({
    # No call home to checkpoint-api.hashicorp.com (it fails offline and only logs an error).
    disable_update_check = true
    # Raft timing as Consul recommends for production (the default, 5, is tuned for tiny machines): a dead
    # leader is replaced within seconds instead of ten or more.
    performance = { raft_multiplier = var.consul_raft_multiplier }
    # The cluster's size is Terraform's to change: a server that is down stays a (failed) voter rather than
    # being pruned from Raft, so it rejoins as itself and `ring members` counts the quorum against all of them.
    autopilot = { min_quorum = var.consul_servers }
  })
}

resource "docker_volume" "consul-data" {
  count = var.consul_servers
  name  = "${local.consul_server_names[count.index]}-data"
}

# Server i (from 0) of var.consul_servers. Server 0 is the seed's container: its name is the servers' alias.
resource "docker_container" "cortex-cluster-hash-ring" {
  count    = var.consul_servers
  name     = local.consul_server_names[count.index]
  hostname = local.consul_server_names[count.index]
  image    = docker_image.consul.image_id
  # consul-acl.sh applies the ACL files, then runs the image's own entrypoint with the command.
  entrypoint = local.consul_entrypoint
  command    = local.consul_server_command[count.index]

  # Without it Consul binds to whichever interface it finds first and the ring never forms.
  env = ["CONSUL_BIND_INTERFACE=eth0"]

  networks_advanced {
    name    = docker_network.cortex-cluster.name
    aliases = [local.hash_ring_name]
  }

  # Consul's HTTP API and UI, on loopback only (ACLs refuse anyone without a token anyway).
  ports {
    internal = 8500
    external = var.consul_http_port + count.index
    ip       = "127.0.0.1"
  }

  volumes {
    volume_name    = docker_volume.consul-data[count.index].name
    container_path = "/consul/data"
  }

  upload {
    file    = "/consul/config/server.json"
    content = local.consul_server_config
  }

  # The ACL configuration, and the files consul-acl.sh turns into policies and tokens (acl.tf).
  dynamic "upload" {
    for_each = local.consul_acl_files
    content {
      file    = upload.key
      content = upload.value
    }
  }

  # Healthy once this server sees a leader and has applied the ACL policies and tokens: apply returns only
  # then, so Cortex never starts against a ring store that would refuse its token.
  healthcheck {
    test     = ["CMD", "/bin/sh", "/consul/acl/consul-acl.sh", "ready"]
    interval = "2s"
    timeout  = "5s"
    retries  = 3
  }
  wait         = true
  wait_timeout = 180

  # A crashed server comes back with its data; `docker stop` or `docker kill` keeps it down.
  restart = "unless-stopped"
}

# Before the servers were one resource: the seed's server stood alone, servers 2 to 5 in a resource of their own.
moved {
  from = docker_container.cortex-cluster-hash-ring
  to   = docker_container.cortex-cluster-hash-ring[0]
}

moved {
  from = docker_container.cortex-cluster-hash-ring-server[0]
  to   = docker_container.cortex-cluster-hash-ring[1]
}

moved {
  from = docker_container.cortex-cluster-hash-ring-server[1]
  to   = docker_container.cortex-cluster-hash-ring[2]
}

moved {
  from = docker_container.cortex-cluster-hash-ring-server[2]
  to   = docker_container.cortex-cluster-hash-ring[3]
}

moved {
  from = docker_container.cortex-cluster-hash-ring-server[3]
  to   = docker_container.cortex-cluster-hash-ring[4]
}
