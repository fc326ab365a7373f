import { isIP } from "node:net";
import { Reference, Unknown } from "../module/evaluate.js";
import type { Module } from "../module/model.js";
import type { Piece } from "../module/terms.js";
import { cortexContainers, lookup, ringSettings, type Origin, type RingSetting } from "./cortex/components.js";
import { consulHost, notConsul, reachableNames, spelling } from "./cortex/consul-address.js";
import { CORTEX_IMAGES, HA_TRACKER, IMAGES_OPTION } from "./cortex/rings.js";
import { defineRule, docsUrl } from "./rule.js";

/**
 * Cortex finds each ring in Consul at `-consul.hostname` (or a per-ring flag such as `-distributor.ring.consul.hostname`,
 * or the YAML's `<ring>.kvstore.consul.host`). On a Docker network the host must be a container's name or alias — a
 * name that matches no container fails at start-up with a DNS error, long after apply succeeded — and every ring of
 * the cluster must be in the same Consul: a querier pointed at another Consul sees no ingesters. A name typed by hand
 * where the others reference the container works until the container is renamed.
 */
export default defineRule({
  meta: {
    id: "ring-consul-address",
    type: "problem",
    severity: "error",
    docs: { description: "Every Cortex ring of the module is in one Consul, a Consul container of the module, named the same way everywhere.", url: docsUrl("ring-consul-address") },
    schema: { type: "object", properties: { images: IMAGES_OPTION } },
    defaultOptions: { images: CORTEX_IMAGES },
    messages: {
      unknownHost: '{{setting}} names "{{host}}", but no container or network alias in this module has that name; Cortex cannot reach its ring',
      undeclared: "{{setting}} references {{reference}}, which is not declared in this module",
      notConsul: "{{setting}} points at {{container}}, which does not run Consul",
      otherAddress: "{{setting}} puts the {{ring}} ring in the Consul at {{address}}, but the other Cortex rings of this module are at {{expected}} ({{expectedWhere}}); components on another Consul never see the ring's members",
      typedName: "{{setting}} types the name of {{container}} (\"{{address}}\") where the other Cortex components reference it ({{expected}}, {{expectedWhere}}); the typed name stops matching when the container is renamed (another cluster_name)",
      noAddress: "{{container}} gives the {{ring}} ring no Consul address ({{missing}}), so Cortex looks for it at localhost:8500, inside its own container; the other Cortex rings of this module are at {{expected}} ({{expectedWhere}})",
    },
  },
  create(context) {
    const { module } = context;
    const reported = new Set<string>();
    type Data = Record<string, string>;
    const report = (origin: Origin, messageId: "unknownHost" | "undeclared" | "notConsul" | "otherAddress" | "typedName" | "noAddress", data: Data): void => {
      if (reported.has(origin.key)) return;
      reported.add(origin.key);
      context.report({ file: origin.file, span: origin.span, messageId, data: { setting: origin.where, ...data } });
    };

    /** The host must be a container of the module that runs Consul (names and IPs it cannot see are not judged). */
    const checkHost = (pieces: Piece[], origin: Origin): void => {
      const target = consulHost(pieces);
      if (target === undefined || reported.has(origin.key)) return;
      if (target instanceof Reference) {
        if (target.type !== "docker_container") return;
        const consul = module.resource("docker_container", target.name);
        if (!consul) report(origin, "undeclared", { reference: target.toString() });
        else if (notConsul(consul)) report(origin, "notConsul", { container: consul.address });
        return;
      }
      if (target === "localhost" || isIP(target.replace(/^\[|\]$/g, "")) !== 0) return;
      const names = module.resources("docker_container").map((other) => ({ block: other, names: reachableNames(other) }));
      const found = names.find((entry) => entry.names?.includes(target));
      if (found) {
        if (notConsul(found.block)) report(origin, "notConsul", { container: found.block.address });
      } else if (names.every((entry) => entry.names !== undefined)) {
        report(origin, "unknownHost", { host: target });
      }
    };

    return {
      done() {
        const instances = cortexContainers(module, context.options.images).flatMap((container) => container.written);
        const rings = instances.flatMap(ringSettings);
        for (const instance of instances) {
          if (instance.flags instanceof Unknown) continue;
          for (const [name, value] of instance.flags.entries()) {
            if (name.endsWith("consul.hostname")) checkHost(value.pieces, { file: value.file, span: value.span, where: `-${name}`, key: `${value.file.path}:${value.span.start}` });
          }
        }
        for (const { host } of rings) if (host && !(host instanceof Unknown) && !host.fromDefault) checkHost(host.pieces, host.origin);
        for (const instance of instances) {
          const tracker = lookup(instance, HA_TRACKER.hostFlag, HA_TRACKER.yaml);
          if (tracker && !(tracker instanceof Unknown)) checkHost(tracker.pieces, tracker.origin);
        }
        checkOneConsul(module, rings, report);
      },
    };
  },
});

interface Placed {
  setting: RingSetting;
  origin: Origin;
  pieces: Piece[];
  address: string;
  fromDefault: boolean;
}

/** Every ring kept in Consul names the same address, written the same way; the most used address is the cluster's. */
function checkOneConsul(module: Module, rings: RingSetting[], report: (origin: Origin, messageId: "otherAddress" | "typedName" | "noAddress", data: Record<string, string>) => void): void {
  const placed: Placed[] = [];
  for (const setting of rings) {
    const { store, host } = setting;
    if (!host || host instanceof Unknown || store instanceof Unknown || store.pieces.join("") !== "consul") continue;
    const address = spelling(host.pieces);
    if (address !== undefined) placed.push({ setting, origin: host.origin, pieces: host.pieces, address, fromDefault: host.fromDefault });
  }
  const groups = new Map<string, Placed[]>();
  for (const entry of placed) groups.set(entry.address, [...(groups.get(entry.address) ?? []), entry]);
  if (groups.size < 2) return;
  const [main] = [...groups.values()].sort((a, b) => b.length - a.length || referenceFirst(a) - referenceFirst(b));
  const first = main?.[0];
  if (!first) return;
  const expected = { expected: first.address, expectedWhere: describe(first) };
  const mainHost = consulHost(first.pieces);
  for (const entry of placed) {
    if (entry.address === first.address) continue;
    const ring = entry.setting.ring.name;
    if (entry.fromDefault) {
      report(entry.origin, "noAddress", { container: entry.setting.instance.container.address, ring, missing: missing(entry.setting), ...expected });
      continue;
    }
    const host = consulHost(entry.pieces);
    const container = mainHost instanceof Reference && mainHost.type === "docker_container" ? module.resource("docker_container", mainHost.name) : undefined;
    if (container && typeof host === "string" && samePort(entry.address, first.address) && reachableNames(container)?.includes(host)) {
      report(entry.origin, "typedName", { container: container.address, address: entry.address, ...expected });
    } else {
      report(entry.origin, "otherAddress", { ring, address: entry.address, ...expected });
    }
  }
}

function referenceFirst(group: Placed[]): number {
  return group[0]?.address.startsWith("${") ? 0 : 1;
}

function samePort(a: string, b: string): boolean {
  return a.slice(a.lastIndexOf(":")) === b.slice(b.lastIndexOf(":"));
}

/** Where the cluster's address is written, for the message: the YAML line, or the flag and its container. */
function describe(entry: Placed): string {
  return entry.origin.where.startsWith("-") ? `${entry.origin.where} of ${entry.setting.instance.container.address}` : entry.origin.where;
}

function missing(setting: RingSetting): string {
  const { ring, instance } = setting;
  return `no -${ring.hostFlag}${instance.config ? ` and no ${[...ring.yaml, "kvstore", "consul", "host"].join(".")} in its YAML` : ", no -config.file"}`;
}
