// Terraform that exercises every kind of expression hcl2json's parse and getExpressionAst distinguish (templates,
// directives, heredocs, traversals, splats, for, conditionals, every operator, function calls, object keys,
// parentheses, escapes, non-ASCII and HTML-special characters), syntax errors, and templates that do not parse:
// added to the parser corpus (parsers.js) so two builds of the parser are compared on more than the shapes the
// generated modules have. Written to a scratch directory, never committed as .tf: the broken files would stop
// this repository's own pre-commit hook.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const VALID = {
  "expressions.tf": `
variable "settings" {
  type = map(object({
    name    = string
    size    = optional(number, 1)
    tags    = optional(list(string), [])
    enabled = bool
  }))
  default = {}
}

locals {
  numbers     = [0, 1.5, 1e3, -2, 0.000001, 12345678901234567890]
  flags       = [true, false, null]
  escapes     = "tab\\tquote\\"newline\\nunicode\\u00e9 \\U0001F600 literal $\${x} and %%{y}"
  unicode     = "ring-é-☃-日本"
  html        = "<a href='x'>&amp;</a> \${var.a < var.b && var.c > var.d}"
  template    = "\${var.cluster_name}-ring-\${count.index}"
  directive   = "%{ if var.enabled }on%{ else }off%{ endif }"
  loop        = "%{ for i, x in var.list ~}\${i}=\${x},%{ endfor ~}"
  strip       = "\${~ var.a ~}"
  traversals  = [var.a.b.c, var.m["key"], var.l[0], local.x[1].y, data.docker_network.n.id, module.m.out, path.module, terraform.workspace]
  relative    = [upper(var.a).b, (var.a).b, [1, 2][0], { a = 1 }.a, var.l[var.i].name, element(var.l, 0)["k"]]
  calls       = [upper(var.a), join(",", var.l), format("%s-%d", var.n, 3), concat(var.a, var.b...), lookup(var.m, "k", null), jsonencode({ a = [1, 2] }), max(), min(1, max(2, 3))]
  tuples      = [[], [1], [1, [2, [3, [4]]]], ["a", var.b, "\${var.c}"]]
  objects     = { plain = 1, "quoted key" = 2, (var.key) = 3, "\${var.k}" = 4, nested = { deeper = { deepest = [{ x = 1 }] } }, plain = 5 }
  for_list    = [for x in var.list : upper(x)]
  for_index   = [for i, x in var.list : x if i > 0]
  for_map     = { for k, v in var.map : k => v }
  for_grouped = { for k, v in var.map : v.group => k... if v != null }
  for_nested  = [for x in [for y in var.l : y * 2] : x + 1]
  splats      = [var.l[*].id, var.l.*.id, var.l[*].a.b, var.x[*], var.l[*].tags["k"], aws_instance.web[*].private_ip]
  conditional = var.a ? 1 : 2
  chained     = var.a == "x" ? "y" : var.b != "z" ? "w" : null
  unary       = [!var.b, -var.n, !!var.b, -(-1)]
  arithmetic  = 1 + 2 * 3 / 4 % 5 - 6
  logic       = var.a && var.b || !var.c
  comparisons = [var.a >= var.b, var.a <= var.b, var.a < var.b, var.a > var.b, var.a == var.b, var.a != var.b]
  parens      = (1 + 2) * (3 - (4 / 5))
  index       = [var.l[var.i], var.m[local.k], var.m["\${var.k}-x"], var.l[0][1][2]]
  heredoc     = <<EOT
  line one \${var.a}
  %{ if var.b }two%{ endif }
EOT
  indented    = <<-EOT
    first \${upper(var.a)}
      second
    EOT
  multiline = [
    for item in var.items :
    {
      name = item.name
      port = item.port + 1
    }
    if item.enabled
  ]
}

resource "docker_container" "ring" {
  count = var.enabled ? 3 : 0
  name  = "\${var.cluster_name}-ring-\${count.index}"
  image = docker_image.consul.image_id
  env   = concat(["CONSUL_BIND_INTERFACE=eth0"], [for k, v in var.env : "\${k}=\${v}"])

  dynamic "ports" {
    for_each = var.ports
    iterator = port
    content {
      internal = port.value.internal
      external = port.value.external + count.index
    }
  }

  provisioner "local-exec" {
    command = "echo \${self.name} > \${path.module}/out.txt"
  }

  lifecycle {
    ignore_changes = [env, labels["x"]]
  }
}

output "ring" {
  value     = { for c in docker_container.ring : c.name => c.id }
  sensitive = false
}
`,
  "comments.tf": `# hash comment
// slash comment
/* block
   comment */
resource "docker_network" "n" { # trailing
  name = "n" // trailing
}

terraform {
  required_version = ">= 1.5, < 2.0"
}
`,
  "empty.tf": "",
  "crlf.tf": 'resource "docker_network" "n" {\r\n  name = "crlf"\r\n}\r\n',
};

const BROKEN = {
  "broken-brace.tf": 'resource "docker_network" "n" {\n  name = "x"\n',
  "broken-token.tf": 'resource "docker_network" "n" {\n  name = @\n}\n',
  "broken-template.tf": 'locals {\n  a = "${"\n}\n',
  "broken-equals.tf": "locals {\n  a 1\n}\n",
  "broken-heredoc.tf": "locals {\n  a = <<EOT\n  never ends\n}\n",
  "broken-escape.tf": 'locals {\n  a = "\\uZZZZ"\n}\n',
  "broken-label.tf": "resource docker_network {\n}\n",
};

/** Raw template texts, as if hcl2json had returned them, that getExpressionAst must refuse (or not). */
export const EXTRA_TEMPLATES = ["${", "${var.a", "%{ if }x%{ endif }", "%{ for x in }", "${var.a}}", "${ 1 + }", "plain text", ""];

/** Writes the files into dir and returns their paths. */
export function expressionFiles(dir) {
  mkdirSync(dir, { recursive: true });
  return Object.entries({ ...VALID, ...BROKEN }).map(([name, text]) => {
    writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  });
}
