import { describe, expect, it } from "vitest";
import { readTerraformModule } from "../src/terraform-module.js";
import { scratch } from "./helpers.js";

describe("readTerraformModule (@cortex-ring/hcl-lint/terraform-module)", () => {
  it("reads what init installs from, in .tf and .tf.json alike", async () => {
    const dir = await scratch({
      "versions.tf": `terraform {\n  required_providers {\n    docker = {\n      source  = "kreuzwerker/docker" # a } in a comment\n      version = "4.6.0"\n    }\n    legacy = "~> 1.0"\n  }\n  backend "local" {\n    path = "x}.tfstate"\n  }\n}\n`,
      "main.tf": `resource "docker_network" "n" {\n  name = "n"\n}\nresource "google_compute_instance" "vm" {\n  provider = google.west\n}\ndata "http" "x" {}\nresource "terraform_data" "t" {}\nmodule "ring" {\n  source  = "./ring"\n}\n`,
      "extra.tf.json": JSON.stringify({ terraform: { required_providers: { random: { source: "hashicorp/random" } } }, resource: { tls_private_key: { k: {} } } }),
      "README.md": "not read",
    });
    const module = await readTerraformModule(dir);
    expect(module.files).toEqual(["extra.tf.json", "main.tf", "versions.tf"]);
    expect(module.requiredProviders).toEqual({ docker: { source: "kreuzwerker/docker", version: "4.6.0" }, legacy: { version: "~> 1.0" }, random: { source: "hashicorp/random" } });
    expect(module.providers).toEqual(["docker", "google", "http", "legacy", "random", "tls"]);
    expect(module.moduleCalls).toEqual([{ name: "ring", source: "./ring" }]);
    expect(module.backend).toEqual({ type: "local", config: { path: "x}.tfstate" } });
    expect(module.problems).toEqual([]);
  });

  it("a file that does not parse is a problem with its place; the others are still read", async () => {
    const dir = await scratch({ "a.tf": `resource "null_resource" "x" {}\n`, "b.tf": `resource "x" "y" {\n  a = \n}\n` });
    const module = await readTerraformModule(dir);
    expect(module.providers).toEqual(["null"]);
    expect(module.problems.map(({ file, line, column }) => ({ file, line, column }))).toEqual([{ file: "b.tf", line: 2, column: 7 }]);
    expect(module.problems[0]?.message).toMatch(/^Invalid expression/);
  });
});
