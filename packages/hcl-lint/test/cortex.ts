/**
 * Modules in the shape Cortex clusters are written in, for the Cortex rules' case tables: a Consul container for the
 * hash ring, one YAML rendered from cortex.yaml.tftpl (templatefile) and uploaded to every component, each component
 * a docker_container of its own that adds its -target and identity as flags (infra/ itself, with its components in
 * one for_each resource, is test/cortex-infra.test.ts's). Cases change one part and keep the rest valid.
 */

/** ring.tf: the cluster's name and its hash-ring Consul. */
export const RING_TF = `variable "cluster_name" {
  default = "cortex-cluster"
}

resource "docker_container" "hash-ring" {
  name  = "\${var.cluster_name}-hash-ring"
  image = "hashicorp/consul:1.14.11"
}
`;

/** The YAML every component loads: the ingester and distributor rings in Consul, the replication factor. */
export const CORTEX_YAML = `# Rendered by cortex.tf.
ingester:
  lifecycler:
    ring:
      kvstore:
        store: consul
        consul:
          host: \${consul_address}
      replication_factor: \${replication_factor}

distributor:
  ring:
    kvstore:
      store: consul
      consul:
        host: \${consul_address}
`;

/** The top of cortex.tf (lines 1–16): the one Consul address, the rendered YAML, and the counts. */
export const CORTEX_LOCALS = `locals {
  consul_address = "\${docker_container.hash-ring.name}:8500"
  cortex_config = templatefile("\${path.module}/cortex.yaml.tftpl", {
    consul_address     = local.consul_address
    replication_factor = var.replication_factor
  })
}

variable "replication_factor" {
  default = 3
}

variable "ingester_count" {
  default = 3
}

`;

export interface ComponentOptions {
  /** Default: the label. */
  target?: string;
  /** `count = …` (an expression). */
  count?: string;
  /** The container's name expression (default `"${var.cluster_name}-<label>"`, with `-${count.index}` when counted). */
  name?: string;
  /** Flags after -target and -config.file, each an HCL string literal's content. */
  flags?: string[];
  /** Extra attribute lines. */
  extra?: string[];
  /** The upload's content expression (default `local.cortex_config`); null leaves out -config.file and the upload. */
  content?: string | null;
}

/** One Cortex component as a docker_container. */
export function component(label: string, options: ComponentOptions = {}): string {
  const counted = options.count !== undefined;
  const name = options.name ?? `"\${var.cluster_name}-${label}${counted ? "-${count.index}" : ""}"`;
  const config = options.content !== null;
  const flags = [`-target=${options.target ?? label}`, ...(config ? ["-config.file=/etc/cortex/cortex.yaml"] : []), ...(options.flags ?? [])];
  const lines = [
    `resource "docker_container" "${label}" {`,
    ...(counted ? [`  count = ${options.count ?? ""}`] : []),
    `  name  = ${name}`,
    `  image = "quay.io/cortexproject/cortex:v1.21.1"`,
    `  command = [`,
    ...flags.map((flag) => `    "${flag}",`),
    `  ]`,
    ...(options.extra ?? []).map((line) => `  ${line}`),
    ...(config ? [`  upload {`, `    file    = "/etc/cortex/cortex.yaml"`, `    content = ${options.content ?? "local.cortex_config"}`, `  }`] : []),
    `}`,
    ``,
  ];
  return lines.join("\n");
}

/** The ingester as infra/cortex.tf has it: var.ingester_count of them, each with an ID from count.index. */
export const INGESTERS = component("ingester", { count: "var.ingester_count", flags: ["-ingester.lifecycler.ID=${var.cluster_name}-ingester-${count.index}"] });

/** A module: ring.tf, cortex.tf (CORTEX_LOCALS then the components) and the template. */
export function cortexModule(components: string[], yaml = CORTEX_YAML, locals = CORTEX_LOCALS): Record<string, string> {
  return { "ring.tf": RING_TF, "cortex.tf": locals + components.join("\n"), "cortex.yaml.tftpl": yaml };
}
