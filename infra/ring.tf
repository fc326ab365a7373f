resource "docker_image" "consul" {
  name         = var.consul_image
  keep_locally = true
}

resource "docker_container" "cortex-cluster-hash-ring" {
  name  = "${var.cluster_name}-hash-ring"
  image = docker_image.consul.image_id

  # Without it Consul binds to whichever interface it finds first and the ring never forms.
  env = ["CONSUL_BIND_INTERFACE=eth0"]

  networks_advanced {
    name = docker_network.cortex-cluster.name
  }

  # Consul's HTTP API answers without ACLs in dev mode: publish it on loopback only.
  ports {
    internal = 8500
    external = var.consul_http_port
    ip       = "127.0.0.1"
  }
}
