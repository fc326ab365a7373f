// Generated Terraform for the benchmarks: `node corpus.js <dir> [modules]` writes the module corpus.
//  - modules(dir, n): n module directories shaped like the tutorial's and infra/'s, 4 files each; every 10th keeps
//    the tutorial's mistakes (`docker_image.cassandra.latest`, `cassandra:latest`, no provider version).
//  - largeFile(dir, n): one module of one file with n containers, 2 attributes each (single-file scaling).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export function modules(dir, count) {
  for (let i = 0; i < count; i++) {
    const m = path.join(dir, `cluster-${String(i).padStart(4, "0")}`);
    mkdirSync(m, { recursive: true });
    const broken = i % 10 === 0;
    writeFileSync(path.join(m, "provider.tf"), `terraform {\n  required_providers {\n    docker = {\n      source  = "kreuzwerker/docker"\n${broken ? "" : '      version = "4.6.0"\n'}    }\n  }\n}\n\nprovider "docker" {\n  host = var.docker_host\n}\n\nvariable "docker_host" {\n  default = "unix:///var/run/docker.sock"\n}\n\nvariable "cluster_name" {\n  default = "cortex-${i}"\n}\n`);
    writeFileSync(path.join(m, "network.tf"), `resource "docker_network" "cortex-cluster" {\n  name = var.cluster_name\n}\n`);
    writeFileSync(path.join(m, "store.tf"), `resource "docker_image" "cassandra" {\n  name         = "cassandra:${broken ? "latest" : "4.1.7"}"\n  keep_locally = true\n}\n\nresource "docker_container" "store" {\n  name  = "\${var.cluster_name}-store"\n  image = docker_image.cassandra.${broken ? "latest" : "image_id"}\n  networks_advanced {\n    name = docker_network.cortex-cluster.name\n  }\n}\n`);
    writeFileSync(path.join(m, "ring.tf"), `resource "docker_image" "consul" {\n  name         = "hashicorp/consul:1.14.11"\n  keep_locally = true\n}\n\nresource "docker_container" "ring" {\n  name  = "\${var.cluster_name}-hash-ring"\n  image = docker_image.consul.image_id\n  env   = ["CONSUL_BIND_INTERFACE=eth0"]\n  networks_advanced {\n    name = docker_network.cortex-cluster.name\n  }\n  ports {\n    internal = 8500\n    external = ${8500 + (i % 1000)}\n    ip       = "127.0.0.1"\n  }\n}\n`);
  }
}

export function largeFile(dir, count) {
  mkdirSync(dir, { recursive: true });
  let text = `resource "docker_image" "img" {\n  name = "busybox:1.36"\n}\n`;
  for (let i = 0; i < count; i++) text += `resource "docker_container" "c${i}" {\n  name  = "c-${i}"\n  image = docker_image.img.image_id\n}\n`;
  writeFileSync(path.join(dir, "main.tf"), text);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) modules(process.argv[2], Number(process.argv[3] ?? 1000));
