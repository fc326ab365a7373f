resource "docker_network" "cortex-cluster" {
  name = var.cluster_name
}
