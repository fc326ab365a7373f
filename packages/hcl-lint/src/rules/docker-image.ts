/** Docker image names and which image a docker_container runs: shared by the rules that care about images. */
import type { Block } from "../module/model.js";
import { Reference } from "../module/evaluate.js";

export interface ImageName {
  registry?: string;
  /** Path without registry, tag or digest; `library/` dropped (Docker Hub's official images). */
  repository: string;
  tag?: string;
  digest?: string;
}

/** Splits `[registry/]path[:tag][@digest]` the way Docker does: a first component with `.`, `:` or `localhost` is a registry. */
export function parseImageName(name: string): ImageName {
  let rest = name.trim();
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split("/");
  let registry: string | undefined;
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0] ?? "")) registry = parts.shift();
  let repository = parts.join("/").toLowerCase();
  if (repository.startsWith("library/")) repository = repository.slice("library/".length);
  return { ...(registry ? { registry } : {}), repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

const CONSUL_REPOSITORIES = new Set(["consul", "hashicorp/consul"]);

export function isConsulImage(name: string): boolean {
  return CONSUL_REPOSITORIES.has(parseImageName(name).repository);
}

export interface ContainerImage {
  /** The image name when it can be known before apply. */
  name: string | undefined;
  /** The docker_image resource the container references, when it does. */
  image?: Block;
}

/** The image a container runs: a referenced docker_image's `name`, or a literal image string. */
export function containerImage(container: Block): ContainerImage {
  const attribute = container.attribute("image");
  if (!attribute) return { name: undefined };
  const value = attribute.value();
  if (typeof value === "string") return { name: value };
  if (value instanceof Reference && value.type === "docker_image") {
    const image = container.module.resource("docker_image", value.name);
    if (!image) return { name: undefined };
    const name = image.attribute("name")?.value();
    return { name: typeof name === "string" ? name : undefined, image };
  }
  return { name: undefined };
}

/** True when the container runs Consul, as far as can be known; unknown images are not Consul. */
export function runsConsul(container: Block): boolean {
  const { name } = containerImage(container);
  return name !== undefined && isConsulImage(name);
}

