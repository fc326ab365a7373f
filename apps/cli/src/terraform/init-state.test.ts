import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkInit, recordInit } from "./init-state.js";

const PROVIDERS = `terraform {
  required_providers {
    docker = {
      source  = "kreuzwerker/docker" # a } in a comment
      version = "3.9.0"
    }
  }
}
resource "docker_network" "n" { name = "x}" }
`;

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), "cortex-ring-init-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(d, name, ".."), { recursive: true });
    writeFileSync(join(d, name), text);
  }
  return d;
}

/** What `terraform init` leaves behind for a configuration with providers. */
function initialised(d: string): void {
  mkdirSync(join(d, ".terraform", "providers"), { recursive: true });
  writeFileSync(join(d, ".terraform.lock.hcl"), 'provider "registry.terraform.io/kreuzwerker/docker" { version = "3.9.0" }\n');
}

describe("checkInit", () => {
  it("needs init without a lock file, then without installed providers", async () => {
    const d = dir({ "main.tf": PROVIDERS });
    expect(await checkInit(d)).toMatchObject({ needed: true, reason: "no .terraform.lock.hcl" });
    writeFileSync(join(d, ".terraform.lock.hcl"), "# lock\n");
    expect((await checkInit(d)).reason).toMatch(/providers not installed/);
  });

  it("skips init once recorded, and needs it again when required_providers or the lock file change", async () => {
    const d = dir({ "main.tf": PROVIDERS });
    initialised(d);
    expect((await checkInit(d)).reason).toBe("not initialised by cortex-ring yet");
    await recordInit(d);
    expect(await checkInit(d)).toEqual({ needed: false, reason: "up to date" });

    // Editing a resource does not need init.
    writeFileSync(join(d, "main.tf"), `${PROVIDERS}\nresource "docker_network" "m" { name = "y" }\n`);
    expect((await checkInit(d)).needed).toBe(false);

    writeFileSync(join(d, "main.tf"), PROVIDERS.replace("3.9.0", "3.8.0"));
    expect((await checkInit(d)).reason).toMatch(/changed since the last init/);
    // Comments and braces in strings are not requirements: the same requirements written differently need no init.
    await recordInit(d);
    writeFileSync(join(d, "main.tf"), `# a } in a comment\n${PROVIDERS.replace("3.9.0", "3.8.0").replace("source  = ", "source = ")}`);
    expect((await checkInit(d)).needed).toBe(false);
    await recordInit(d);
    writeFileSync(join(d, ".terraform.lock.hcl"), "# edited\n");
    expect((await checkInit(d)).needed).toBe(true);
  });

  it("needs init when modules are declared but not installed", async () => {
    const d = dir({ "main.tf": 'module "m" {\n  source = "./m"\n}\n' });
    expect((await checkInit(d)).reason).toMatch(/modules not installed/);
    mkdirSync(join(d, ".terraform", "modules"), { recursive: true });
    await recordInit(d);
    expect((await checkInit(d)).needed).toBe(false);
  });

  it("does not ask for a lock file when only built-in resources are used", async () => {
    const d = dir({ "main.tf": 'resource "terraform_data" "t" {}\n' });
    await recordInit(d);
    expect((await checkInit(d)).needed).toBe(false);
  });

  it("needs init after a resource of a new provider is added, though required_providers did not change (the bug)", async () => {
    const d = dir({ "main.tf": PROVIDERS });
    initialised(d);
    await recordInit(d);
    expect((await checkInit(d)).needed).toBe(false);
    // Terraform infers hashicorp/null from the type; without init, plan fails with "provider not installed".
    writeFileSync(join(d, "extra.tf"), 'resource "null_resource" "x" {}\n');
    expect(await checkInit(d)).toEqual({ needed: true, reason: "providers, provider requirements, modules, backend or lock file changed since the last init" });
  });

  it("reads .tf.json files: a provider required or used there needs init", async () => {
    const d = dir({ "main.tf": PROVIDERS });
    initialised(d);
    await recordInit(d);
    writeFileSync(join(d, "versions.tf.json"), JSON.stringify({ terraform: { required_providers: { random: { source: "hashicorp/random", version: "3.6.0" } } } }));
    expect((await checkInit(d)).needed).toBe(true);
    await recordInit(d);
    expect((await checkInit(d)).needed).toBe(false);
    writeFileSync(join(d, "extra.tf.json"), JSON.stringify({ resource: { tls_private_key: { k: { algorithm: "RSA" } } } }));
    expect((await checkInit(d)).needed).toBe(true);
  });

  it("a file that does not parse: init runs (and Terraform says what is wrong)", async () => {
    const d = dir({ "main.tf": PROVIDERS, "broken.tf": 'resource "x" {\n' });
    initialised(d);
    const check = await checkInit(d);
    expect(check.needed).toBe(true);
    expect(check.reason).toMatch(/^broken\.tf:\d+:\d+ does not parse$/);
  });
});
