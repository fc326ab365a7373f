/**
 * The Cortex cluster's Terraform as the `cortex` branch writes it for infra/ (copied into fixtures/cortex-infra):
 * clean under every rule, also with other variable values, and each realistic mistake in that shape is caught at
 * its place — in cortex.tf, or at the templatefile() that renders cortex.yaml.tftpl with the template's line.
 */
import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lint } from "../src/index.js";
import { scratch } from "./helpers.js";

const fixture = fileURLToPath(new URL("fixtures/cortex-infra", import.meta.url));

/** Where the rendered YAML enters the module: `cortex_config = templatefile(...)` in cortex.tf's locals. */
const TEMPLATEFILE = "cortex.tf:15:19";

/** A copy of the fixture with `edits` applied (file → [search, replacement] pairs, or a whole new file), linted. */
async function findings(edits: Record<string, [string | RegExp, string][] | string> = {}): Promise<string[]> {
  const dir = await scratch({});
  await cp(fixture, dir, { recursive: true });
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

/** Replaces the n-th (from 0) occurrence of `search` after `after`. */
function inSection(after: string, search: string, replacement: string): [RegExp, string] {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return [new RegExp(`(${escape(after)}[\\s\\S]*?)${escape(search)}`), `$1${replacement}`];
}

describe("the cortex branch's infra/ (fixtures/cortex-infra)", () => {
  it.each([
    ["as written", {}],
    ["with another cluster_name (the references follow it)", { "terraform.tfvars": 'cluster_name = "test1"\n' }],
    ["with 4 ingesters", { "terraform.tfvars": "ingester_count = 4\n" }],
    ["with 2 ingesters and replication factor 2", { "terraform.tfvars": "ingester_count = 2\nreplication_factor = 2\n" }],
    ["with Cortex switched off", { "terraform.tfvars": "enable_cortex = false\nreplication_factor = 5\n" }],
  ])("passes every rule %s", async (_, edits: Record<string, string>) => {
    expect(await findings(edits)).toEqual([]);
  });

  it("a second Consul address typed by hand in one component's flags", async () => {
    const typed = inSection('resource "docker_container" "cortex-querier"', '"-consul.hostname=${local.cortex_consul_address}"', '"-consul.hostname=cortex-cluster-hash-ring:8500"');
    expect(await findings({ "cortex.tf": [typed] })).toEqual([
      'cortex.tf:116:5 ring-consul-address: -consul.hostname types the name of docker_container.cortex-cluster-hash-ring ("cortex-cluster-hash-ring:8500") where the other Cortex components reference it (${docker_container.cortex-cluster-hash-ring.name}:8500, -consul.hostname of docker_container.cortex-distributor); the typed name stops matching when the container is renamed (another cluster_name)',
    ]);
  });

  it("a second Consul address typed by hand in one section of the YAML", async () => {
    const typed = inSection("compactor:", "host: ${consul_address}", "host: cortex-cluster-hash-ring:8500");
    const [finding, ...rest] = await findings({ "cortex.yaml.tftpl": [typed] });
    expect(rest).toEqual([]);
    expect(finding).toContain(`${TEMPLATEFILE} ring-consul-address: compactor.sharding_ring.kvstore.consul.host at cortex.yaml.tftpl:69 types the name of docker_container.cortex-cluster-hash-ring`);
  });

  it("a Consul address that names no container", async () => {
    const typo = inSection("store_gateway:", "host: ${consul_address}", "host: cortex-cluster-hashring:8500");
    expect(await findings({ "cortex.yaml.tftpl": [typo] })).toEqual([
      `${TEMPLATEFILE} ring-consul-address: store_gateway.sharding_ring.kvstore.consul.host at cortex.yaml.tftpl:55 names "cortex-cluster-hashring", but no container or network alias in this module has that name; Cortex cannot reach its ring`,
    ]);
  });

  it("an ingester ID not derived from count.index", async () => {
    const id = ['"-ingester.lifecycler.ID=${local.ingester_ids[count.index]}"', '"-ingester.lifecycler.ID=${var.cluster_name}-ingester"'] as [string, string];
    expect(await findings({ "cortex.tf": [id] })).toEqual([
      'cortex.tf:86:5 unique-ingester-id: Ingester ID "cortex-cluster-ingester" (-ingester.lifecycler.ID) is the same for docker_container.cortex-ingester[0], docker_container.cortex-ingester[1], docker_container.cortex-ingester[2]: they overwrite each other\'s entry in collectors/ring; give each its own ID (from count.index or each.key)',
    ]);
  });

  it("without the ID flag, a hostname that does not vary", async () => {
    const edits: [string, string][] = [
      ['    "-ingester.lifecycler.ID=${local.ingester_ids[count.index]}",\n', ""],
      ["hostname = local.ingester_ids[count.index]", 'hostname = "${var.cluster_name}-ingester"'],
    ];
    const [finding, ...rest] = await findings({ "cortex.tf": edits });
    expect(rest).toEqual([]);
    expect(finding).toContain('cortex.tf:79:14 unique-ingester-id: Ingester ID "cortex-cluster-ingester" (its hostname, Cortex\'s default -ingester.lifecycler.ID) is the same for');
  });

  it("replication factor 3 with ingester_count = 2", async () => {
    expect(await findings({ "terraform.tfvars": "ingester_count = 2\n" })).toEqual([
      `${TEMPLATEFILE} ring-replication-factor: Replication factor 3 (ingester.lifecycler.ring.replication_factor at cortex.yaml.tftpl:23) is larger than the 2 ingesters of this module (docker_container.cortex-ingester × 2): each series is written to 2, not 3, and a write still waits for 2 of them, so one ingester down fails every write`,
    ]);
  });

  it("one component's section of the YAML keeps its ring in memory, another in etcd", async () => {
    const edits = [inSection("compactor:", "store: consul", "store: inmemory"), inSection("store_gateway:", "store: consul", "store: etcd")];
    expect(await findings({ "cortex.yaml.tftpl": edits })).toEqual([
      `${TEMPLATEFILE} ring-store: The store-gateway ring is kept in "etcd" (store_gateway.sharding_ring.kvstore.store at cortex.yaml.tftpl:52), but this module keeps its rings in consul; components reading the ring from another store never see its members`,
      `${TEMPLATEFILE} ring-store: The compactor ring is kept in memory (compactor.sharding_ring.kvstore.store at cortex.yaml.tftpl:66): each Cortex process then has a ring of its own, which no other container sees; this module keeps its rings in consul`,
    ]);
  });

  it("-ring.store=etcd on one component", async () => {
    const flag = inSection('resource "docker_container" "cortex-querier"', '"-ring.store=consul"', '"-ring.store=etcd"');
    expect(await findings({ "cortex.tf": [flag] })).toEqual([
      'cortex.tf:115:5 ring-store: The ingester ring is kept in "etcd" (-ring.store), but this module keeps its rings in consul; components reading the ring from another store never see its members',
    ]);
  });
});
