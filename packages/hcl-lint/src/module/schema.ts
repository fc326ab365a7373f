/**
 * What Terraform's own schema (and the provider's) says about block shapes, as far as the linter needs it: how many
 * labels each block type has. HCL's native syntax shows blocks and attributes apart; JSON syntax does not (Terraform
 * decides with the provider schema), so `.tf.json` bodies are read with this table.
 */

/** Top-level block types and their label counts (hcl2json nests one object level per label). */
export const TOP_LEVEL_LABELS: Readonly<Record<string, number>> = {
  resource: 2,
  data: 2,
  ephemeral: 2,
  variable: 1,
  output: 1,
  provider: 1,
  module: 1,
  check: 1,
  locals: 0,
  terraform: 0,
  moved: 0,
  import: 0,
  removed: 0,
};

/**
 * Nested block types (Terraform's meta-blocks and the kreuzwerker/docker resources'), with their label counts.
 * In `.tf.json`, a property with one of these names is a block; any other is an attribute, except an array of
 * objects, which is read as blocks (how JSON writes repeated blocks of a type this table does not know).
 */
export const NESTED_BLOCK_LABELS: Readonly<Record<string, number>> = {
  // Terraform
  required_providers: 0,
  backend: 1,
  cloud: 0,
  provider_meta: 1,
  lifecycle: 0,
  precondition: 0,
  postcondition: 0,
  provisioner: 1,
  connection: 0,
  dynamic: 1,
  content: 0,
  validation: 0,
  assert: 0,
  // kreuzwerker/docker
  networks_advanced: 0,
  ports: 0,
  volumes: 0,
  mounts: 0,
  bind_options: 0,
  volume_options: 0,
  tmpfs_options: 0,
  upload: 0,
  healthcheck: 0,
  labels: 0,
  host: 0,
  capabilities: 0,
  devices: 0,
  ulimit: 0,
  ipam_config: 0,
  build: 0,
  auth_config: 0,
  registry_auth: 0,
};
