/**
 * This repository's infra/ (the seed, the Consul servers and the Cortex cluster): clean under every rule, also with
 * other variable values, and each realistic mistake in its shape is caught at its place — in cortex.tf, or at the
 * templatefile() that renders cortex.yaml.tftpl with the template's line. Copies are edited, never infra/ itself;
 * lines are found in the text, so an edit elsewhere in infra/ does not move them.
 */
import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lint } from "../src/index.js";
import { scratch } from "./helpers.js";

const infra = fileURLToPath(new URL("../../../infra", import.meta.url));
const source = async (file: string) => readFile(path.join(infra, file), "utf8");

/** `file:line:column` of the first `search` (after `after`, when given) in infra/'s `file`, as findings print it. */
async function at(file: string, search: string, after = ""): Promise<string> {
  const text = await source(file);
  const offset = text.indexOf(search, text.indexOf(after));
  if (offset < 0 || !text.includes(after)) throw new Error(`${search} (after ${after}) is not in infra/${file}`);
  const before = text.slice(0, offset).split("\n");
  return `${file}:${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
}

/** The line of `search` after `after` in the template, as a finding names it (`cortex.yaml.tftpl:<line>`). */
const templateLine = async (after: string, search: string) => (await at("cortex.yaml.tftpl", search, after)).split(":").slice(0, 2).join(":");

/** Where the rendered YAML enters the module: `cortex_config = templatefile(...)` in cortex.tf's locals. */
const templatefile = () => at("cortex.tf", "templatefile(");

/** A copy of infra/ with `edits` applied (file → [search, replacement] pairs, or a whole new file), linted. */
async function findings(edits: Record<string, [string | RegExp, string][] | string> = {}): Promise<string[]> {
  const dir = await scratch({});
  await cp(infra, dir, { recursive: true, filter: (from) => from === infra || /\.(tf|tftpl|sh)$/.test(from) });
  for (const [file, edit] of Object.entries(edits)) {
    let text = typeof edit === "string" ? edit : await readFile(path.join(dir, file), "utf8");
    for (const [search, replacement] of typeof edit === "string" ? [] : edit) {
      const next = text.replace(search, replacement);
      if (next === text) throw new Error(`the edit ${String(search)} changes nothing in ${file}`);
      text = next;
    }
    await writeFile(path.join(dir, file), text);
  }
  const results = await lint([dir]);
  return results.flatMap((result) => result.messages.map((message) => `${path.relative(dir, result.filePath)}:${message.line}:${message.column} ${String(message.ruleId)}: ${message.message}`));
}

/** Replaces the first occurrence of `search` after `after`. */
function inSection(after: string, search: string, replacement: string): [RegExp, string] {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return [new RegExp(`(${escape(after)}[\\s\\S]*?)${escape(search)}`), `$1${replacement}`];
}

/** The command of the components that run once (docker_container.cortex, for_each over them). */
const COMPONENTS = 'resource "docker_container" "cortex"';

describe("infra/", () => {
  it.each([
    ["as written", {}],
    ["with another cluster_name (the references follow it)", { "terraform.tfvars": 'cluster_name = "test1"\n' }],
    ["with 4 ingesters", { "terraform.tfvars": "ingester_count = 4\n" }],
    ["with 2 ingesters and replication factor 2", { "terraform.tfvars": "ingester_count = 2\nreplication_factor = 2\n" }],
    ["with Cortex switched off", { "terraform.tfvars": "enable_cortex = false\nreplication_factor = 5\n" }],
    ["with three Consul servers", { "terraform.tfvars": "consul_servers = 3\n" }],
  ])("passes every rule %s", async (_, edits: Record<string, string>) => {
    expect(await findings(edits)).toEqual([]);
  });

  it("a Consul address typed by hand in the components' flags", async () => {
    const typed = inSection(COMPONENTS, '"-consul.hostname=${local.cortex_consul_address}"', '"-consul.hostname=cortex-cluster-hash-ring:8500"');
    expect(await findings({ "cortex.tf": [typed] })).toEqual([
      `${await at("cortex.tf", '"-consul.hostname=', COMPONENTS)} ring-consul-address: -consul.hostname types the name of docker_container.cortex-cluster-hash-ring ("cortex-cluster-hash-ring:8500") where the other Cortex components reference it (\${docker_container.cortex-cluster-hash-ring[0].name}:8500, distributor.ring.kvstore.consul.host at ${await templateLine("distributor:", "host:")}); the typed name stops matching when the container is renamed (another cluster_name)`,
    ]);
  });

  it("a second Consul address typed by hand in one section of the YAML", async () => {
    const typed = inSection("compactor:", "host: ${consul_address}", "host: cortex-cluster-hash-ring:8500");
    const [finding, ...rest] = await findings({ "cortex.yaml.tftpl": [typed] });
    expect(rest).toEqual([]);
    expect(finding).toContain(`${await templatefile()} ring-consul-address: compactor.sharding_ring.kvstore.consul.host at ${await templateLine("compactor:", "host:")} types the name of docker_container.cortex-cluster-hash-ring`);
  });

  it("a Consul address that names no container", async () => {
    const typo = inSection("store_gateway:", "host: ${consul_address}", "host: cortex-cluster-hashring:8500");
    expect(await findings({ "cortex.yaml.tftpl": [typo] })).toEqual([
      `${await templatefile()} ring-consul-address: store_gateway.sharding_ring.kvstore.consul.host at ${await templateLine("store_gateway:", "host:")} names "cortex-cluster-hashring", but no container or network alias in this module has that name; Cortex cannot reach its ring`,
    ]);
  });

  it("an ingester ID not derived from count.index", async () => {
    const id = ['"-ingester.lifecycler.ID=${local.ingester_ids[count.index]}"', '"-ingester.lifecycler.ID=${var.cluster_name}-ingester"'] as [string, string];
    expect(await findings({ "cortex.tf": [id] })).toEqual([
      `${await at("cortex.tf", '"-ingester.lifecycler.ID=')} unique-ingester-id: Ingester ID "cortex-cluster-ingester" (-ingester.lifecycler.ID) is the same for docker_container.cortex-ingester[0], docker_container.cortex-ingester[1], docker_container.cortex-ingester[2]: they overwrite each other's entry in collectors/ring; give each its own ID (from count.index or each.key)`,
    ]);
  });

  it("without the ID flag, a hostname that does not vary", async () => {
    const edits: [string, string][] = [
      ['    "-ingester.lifecycler.ID=${local.ingester_ids[count.index]}",\n', ""],
      ["hostname = local.ingester_ids[count.index]", 'hostname = "${var.cluster_name}-ingester"'],
    ];
    const [finding, ...rest] = await findings({ "cortex.tf": edits });
    expect(rest).toEqual([]);
    expect(finding).toContain(`${await at("cortex.tf", "local.ingester_ids[count.index]", "hostname = local.ingester_ids")} unique-ingester-id: Ingester ID "cortex-cluster-ingester" (its hostname, Cortex's default -ingester.lifecycler.ID) is the same for`);
  });

  it("replication factor 3 with ingester_count = 2", async () => {
    expect(await findings({ "terraform.tfvars": "ingester_count = 2\n" })).toEqual([
      `${await templatefile()} ring-replication-factor: Replication factor 3 (ingester.lifecycler.ring.replication_factor at ${await templateLine("ingester:", "replication_factor:")}) is larger than the 2 ingesters of this module (docker_container.cortex-ingester × 2): each series is written to 2, not 3, and a write still waits for 2 of them, so one ingester down fails every write`,
    ]);
  });

  it("one component's section of the YAML keeps its ring in memory, another in etcd", async () => {
    const edits = [inSection("compactor:", "store: consul", "store: inmemory"), inSection("store_gateway:", "store: consul", "store: etcd")];
    expect(await findings({ "cortex.yaml.tftpl": edits })).toEqual([
      `${await templatefile()} ring-store: The store-gateway ring is kept in "etcd" (store_gateway.sharding_ring.kvstore.store at ${await templateLine("store_gateway:", "store: consul")}), but this module keeps its rings in consul; components reading the ring from another store never see its members`,
      `${await templatefile()} ring-store: The compactor ring is kept in memory (compactor.sharding_ring.kvstore.store at ${await templateLine("compactor:", "store: consul")}): each Cortex process then has a ring of its own, which no other container sees; this module keeps its rings in consul`,
    ]);
  });

  it("-ring.store=etcd on the components", async () => {
    const flag = inSection(COMPONENTS, '"-ring.store=consul"', '"-ring.store=etcd"');
    expect(await findings({ "cortex.tf": [flag] })).toEqual([
      `${await at("cortex.tf", '"-ring.store=', COMPONENTS)} ring-store: The ingester ring is kept in "etcd" (-ring.store), but this module keeps its rings in consul; components reading the ring from another store never see its members`,
    ]);
  });

  it("the components named without each.key", async () => {
    const name = inSection(COMPONENTS, 'name     = "${var.cluster_name}-${each.key}"', 'name     = "${var.cluster_name}-cortex"');
    expect(await findings({ "cortex.tf": [name] })).toEqual([
      `${await at("cortex.tf", '"${var.cluster_name}-', COMPONENTS)} unique-container-name: for_each creates 4 containers named "cortex-cluster-cortex" (docker_container.cortex["compactor"], docker_container.cortex["distributor"], docker_container.cortex["querier"], docker_container.cortex["store-gateway"]); Docker refuses all but the first (use each.key in the name)`,
    ]);
  });

  it("three Consul servers under one name", async () => {
    const name = ["name     = local.consul_server_names[count.index]", "name     = local.hash_ring_name"] as [string, string];
    expect(await findings({ "ring.tf": [name], "terraform.tfvars": "consul_servers = 3\n" })).toEqual([
      `${await at("ring.tf", "local.consul_server_names[count.index]", "name     =")} unique-container-name: count = 3 creates 3 containers all named "cortex-cluster-hash-ring"; Docker refuses all but the first (use count.index in the name)`,
    ]);
  });
});
