resource "docker_image" "cassandra" {
  count        = var.enable_store ? 1 : 0
  name         = var.cassandra_image
  keep_locally = true
}

resource "docker_container" "cortex-cluster-store" {
  count = var.enable_store ? 1 : 0
  name  = "${var.cluster_name}-store"
  image = docker_image.cassandra[0].image_id

  networks_advanced {
    name = docker_network.cortex-cluster.name
  }
}
