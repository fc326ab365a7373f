/**
 * What each Cortex container of a module runs with, instance by instance (count, for_each): its flags, the YAML
 * uploaded at its `-config.file`, and its targets. A setting is read as Cortex reads it — the flag if given, else
 * the YAML, else Cortex's default — and is Unknown as soon as anything that could set it is unknown (a command
 * built at apply time, a config file from a volume), so the rules built on it never guess.
 */
import { Unknown } from "../../module/evaluate.js";
import { expressionsOf, type Bindings } from "../../module/expressions.js";
import { instancesOf } from "../../module/instances.js";
import type { Block, Module, ModuleFile } from "../../module/model.js";
import { RenderedYaml } from "../../module/rendered-yaml.js";
import { termString, type Piece } from "../../module/terms.js";
import type { Span } from "../../parser/source-index.js";
import { containerImage, parseImageName } from "../docker-image.js";
import { readFlags, type Flags } from "./flags.js";
import { CORTEX_DEFAULTS, RINGS, type RingKind } from "./rings.js";

export interface CortexInstance {
  container: Block;
  /** `docker_container.ingester[1]`. */
  address: string;
  bindings: Bindings;
  flags: Flags | Unknown;
  /** The YAML at -config.file; undefined when there is no -config.file. */
  config: RenderedYaml | Unknown | undefined;
  targets: ReadonlySet<string> | Unknown;
}

export interface CortexContainer {
  block: Block;
  /** Unknown when count or for_each is. */
  instances: CortexInstance[] | Unknown;
  /** Its instances, or when they are unknown one read without count/each (what depends on them is Unknown). */
  written: CortexInstance[];
}

/** Where a setting's value is written: a command element, the attribute that rendered a YAML, or the container. */
export interface Origin {
  file: ModuleFile;
  span: Span;
  /** `-consul.hostname`, `ingester.lifecycler.ring.kvstore.consul.host at cortex.yaml.tftpl:22`, or Cortex's default. */
  where: string;
  /** Equal for every instance that reads the same written value (a YAML line shared by five containers). */
  key: string;
}

export interface Setting {
  pieces: Piece[];
  origin: Origin;
  fromDefault: boolean;
}

const memo = new WeakMap<Module, Map<string, CortexContainer[]>>();

/** The module's Cortex containers: those whose image repository is one of `images`. */
export function cortexContainers(module: Module, images: readonly string[]): CortexContainer[] {
  const key = images.join("\n");
  let byImages = memo.get(module);
  if (!byImages) memo.set(module, (byImages = new Map<string, CortexContainer[]>()));
  let containers = byImages.get(key);
  if (!containers) {
    const repositories = new Set(images.map((image) => parseImageName(image).repository));
    containers = module
      .resources("docker_container")
      .filter((block) => {
        const { name } = containerImage(block);
        return name !== undefined && repositories.has(parseImageName(name).repository);
      })
      .map((block) => {
        const found = instancesOf(block);
        const instances = found instanceof Unknown ? found : found.map((instance) => readInstance(block, instance.address, instance.bindings));
        return { block, instances, written: instances instanceof Unknown ? [readInstance(block, block.address, new Map())] : instances };
      });
    byImages.set(key, containers);
  }
  return containers;
}

function readInstance(container: Block, address: string, bindings: Bindings): CortexInstance {
  const flags = readFlags(container, bindings);
  const instance: CortexInstance = { container, address, bindings, flags, config: readConfig(container, bindings, flags), targets: Unknown.value };
  const target = lookup(instance, "target", ["target"], CORTEX_DEFAULTS.target);
  const text = target instanceof Unknown ? undefined : known(target?.pieces);
  instance.targets = text === undefined ? Unknown.value : new Set(text.split(",").map((name) => name.trim()));
  return instance;
}

/** The YAML uploaded at -config.file. A file that may come from elsewhere (a volume, a dynamic upload) is Unknown. */
function readConfig(container: Block, bindings: Bindings, flags: Flags | Unknown): RenderedYaml | Unknown | undefined {
  if (flags instanceof Unknown) return Unknown.value;
  const file = flags.get("config.file");
  if (file instanceof Unknown) return Unknown.value;
  if (!file) return undefined;
  const path = known(file.pieces);
  if (path === undefined || container.hasDynamic("upload")) return Unknown.value;
  const expressions = expressionsOf(container.module);
  for (const upload of container.blocks("upload")) {
    const target = termString(expressions.attribute(upload.attribute("file"), bindings));
    if (target !== path) continue;
    const content = upload.attribute("content");
    return content ? RenderedYaml.parse(expressions.attribute(content, bindings) ?? Unknown.value, content) : Unknown.value;
  }
  return Unknown.value;
}

/** True when the instance runs one of the targets; Unknown when its targets are. */
export function runs(instance: CortexInstance, targets: readonly string[]): boolean | Unknown {
  const running = instance.targets;
  return running instanceof Unknown ? running : targets.some((target) => running.has(target));
}

/**
 * A setting as Cortex resolves it: `-<flag>`, else the YAML at `yaml`, else `fallback` (Cortex's default; without
 * one, an unset setting is undefined). Unknown when the flags or the YAML that could set it are not known.
 */
export function lookup(instance: CortexInstance, flag: string, yaml: readonly string[], fallback?: string): Setting | Unknown | undefined {
  const { flags, config, container } = instance;
  if (flags instanceof Unknown) return Unknown.value;
  const given = flags.get(flag);
  if (given instanceof Unknown) return Unknown.value;
  if (given) return { pieces: given.pieces, fromDefault: false, origin: { file: given.file, span: given.span, where: `-${flag}`, key: `${given.file.path}:${given.span.start}` } };
  if (config instanceof Unknown) return Unknown.value;
  const value = config?.get(yaml);
  if (value instanceof Unknown) return Unknown.value;
  if (value) {
    // -config.expand-env replaces ${VAR} and $VAR from the container's environment at start-up.
    const expandEnv = flags.get("config.expand-env");
    if (!(expandEnv instanceof Unknown) && known(expandEnv?.pieces) === "true" && value.pieces.some((piece) => typeof piece === "string" && piece.includes("$"))) return Unknown.value;
    const site = value.site;
    if (!site) return Unknown.value;
    const where = `${yaml.join(".")}${value.where ? ` at ${value.where}` : ""}`;
    return { pieces: value.pieces, fromDefault: false, origin: { file: site.file, span: site.valueSpan, where, key: `${site.file.path}:${site.valueSpan.start}:${where}` } };
  }
  if (fallback === undefined) return undefined;
  const command = container.attribute("command");
  const where = `Cortex's default: ${container.address} sets no -${flag}${config ? ` and its YAML no ${yaml.join(".")}` : ""}`;
  return { pieces: [fallback], fromDefault: true, origin: { file: container.file, span: command?.valueSpan ?? container.header, where, key: `${container.address}:-${flag}` } };
}

/** The text of a value known in full. */
export function known(pieces: readonly Piece[] | undefined): string | undefined {
  return pieces?.every((piece) => typeof piece === "string") ? pieces.join("") : undefined;
}

export interface RingSetting {
  instance: CortexInstance;
  ring: RingKind;
  store: Setting | Unknown;
  /** The Consul address; undefined when the ring is neither configured nor read by this instance. */
  host: Setting | Unknown | undefined;
}

/** Each ring an instance configures (flag or YAML) or reads (the ingester ring, by its targets), with its store and Consul. */
export function ringSettings(instance: CortexInstance): RingSetting[] {
  const settings: RingSetting[] = [];
  for (const ring of RINGS) {
    const reads = runs(instance, ring.readers) === true;
    const kvstore = [...ring.yaml, "kvstore"];
    const store = lookup(instance, ring.storeFlag, [...kvstore, "store"], CORTEX_DEFAULTS.store) ?? Unknown.value;
    const host = lookup(instance, ring.hostFlag, [...kvstore, "consul", "host"], reads ? CORTEX_DEFAULTS.host : undefined);
    if (reads || host !== undefined || (!(store instanceof Unknown) && !store.fromDefault)) settings.push({ instance, ring, store, host });
  }
  return settings;
}
