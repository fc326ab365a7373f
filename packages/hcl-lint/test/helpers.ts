import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** Writes a tree of files (relative path → content) into a fresh temporary directory and returns it. */
export async function scratch(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "hcl-lint-"));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), content);
  }
  return root;
}

export const NETWORK = `resource "docker_network" "cortex-cluster" {\n  name = "cortex-cluster"\n}\n`;
export const PROVIDER = `terraform {\n  required_providers {\n    docker = {\n      source  = "kreuzwerker/docker"\n      version = "3.9.0"\n    }\n  }\n}\n`;
export const STORE = `resource "docker_image" "cassandra" {\n  name = "cassandra:4.1.7"\n}\n\nresource "docker_container" "store" {\n  name  = "cortex-cluster-store"\n  image = docker_image.cassandra.image_id\n  networks_advanced {\n    name = docker_network.cortex-cluster.name\n  }\n}\n`;
