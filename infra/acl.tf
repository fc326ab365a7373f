# ACLs on every Consul server, default deny: nobody reads or rewrites the ring without a token.
#
# Secrets are generated at the first apply by Terraform itself (uuid(), 122 random bits from crypto/rand,
# in the UUID form Consul requires of a SecretID) and kept in state, so no provider beyond the docker one is
# needed. Each is held in a terraform_data's triggers_replace, wrapped in sensitive(): Terraform records
# that path as sensitive in state, so no plan (destroy included) and no log shows it; ignore_changes keeps
# it from changing on the next plan (`terraform apply -replace='terraform_data.consul-acl-secret["…"]'`
# rotates one). The servers get them as uploaded files; consul-acl.sh, their entrypoint, creates the policies
# and tokens from those files on every start (idempotent), so a fresh or rebuilt cluster converges by itself.

locals {
  # management: the initial management token (everything); the others each get the policy of their name.
  consul_acl_tokens = ["management", "consul-agent", "cortex", "ring-reader", "ring-operator"]

  # `list` is read plus recursive reads (discovery); `write` includes both.
  consul_ring_read  = [for prefix in var.consul_ring_prefixes : "key_prefix \"${prefix}\" { policy = \"list\" }"]
  consul_ring_write = [for prefix in var.consul_ring_prefixes : "key_prefix \"${prefix}\" { policy = \"write\" }"]
  # Members, Raft peers and autopilot health, for `ring members` and `doctor`.
  consul_cluster_read = ["node_prefix \"\" { policy = \"read\" }", "operator = \"read\""]

  consul_acl_policies = {
    # Each server registers itself in the catalog with it.
    "consul-agent" = ["node_prefix \"\" { policy = \"write\" }", "service_prefix \"\" { policy = \"read\" }"]
    # Cortex reads and writes its rings and nothing else.
    "cortex" = local.consul_ring_write
    # `cortex-ring ring status|watch|members`, `doctor`.
    "ring-reader" = concat(local.consul_ring_read, local.consul_cluster_read)
    # `cortex-ring ring forget` too.
    "ring-operator" = concat(local.consul_ring_write, local.consul_cluster_read)
  }

  consul_acl_secret = { for name in local.consul_acl_tokens : name => terraform_data.consul-acl-secret[name].triggers_replace }

  consul_acl_files = merge(
    {
      "/consul/config/acl.json" = jsonencode({
        acl = {
          enabled        = true
          default_policy = "deny"
          down_policy    = "extend-cache"
          # Recursive reads need `list`: without it a token that may not read a prefix gets an empty 404
          # instead of a 403, and "no rings found" would hide an ACL problem.
          enable_key_list_policy   = true
          enable_token_persistence = true
          tokens = {
            initial_management = local.consul_acl_secret["management"]
            agent              = local.consul_acl_secret["consul-agent"]
          }
        }
      })
    },
    { for name in local.consul_acl_tokens : "/consul/acl/${name}.secret" => local.consul_acl_secret[name] },
    { for name, rules in local.consul_acl_policies : "/consul/acl/${name}.hcl" => "${join("\n", rules)}\n" },
    { "/consul/acl/consul-acl.sh" = file("${path.module}/consul-acl.sh") },
  )
}

resource "terraform_data" "consul-acl-secret" {
  for_each         = toset(local.consul_acl_tokens)
  triggers_replace = sensitive(uuid())

  lifecycle {
    ignore_changes = [triggers_replace]
  }
}
