import { ruleTester } from "../testing/rule-tester.js";
import rule from "./required-provider.js";

const network = `resource "docker_network" "n" {\n  name = "n"\n}\n`;
const terraform = (entry: string) => `terraform {\n  required_providers {\n${entry}\n  }\n}\n`;

ruleTester(rule, {
  valid: [
    { name: "JSON syntax (.tf.json) declares it for the module", code: { "versions.tf.json": `{ "terraform": { "required_providers": { "docker": { "source": "kreuzwerker/docker", "version": "4.6.0" } } } }\n`, "main.tf": network } },
    { name: "source and version", code: terraform(`    docker = {\n      source  = "kreuzwerker/docker"\n      version = "3.9.0"\n    }`) + network },
    { name: "full source address, quoted keys", code: terraform(`    docker = { "source" = "registry.terraform.io/kreuzwerker/docker", "version" = "~> 3.0" }`) + network },
    { name: "version from a separate terraform block in another file", code: { "versions.tf": terraform(`    docker = {\n      source  = "kreuzwerker/docker"\n      version = ">= 3.0.2"\n    }`), "main.tf": network } },
    { name: "no docker resources", code: `resource "null_resource" "x" {}\n` },
  ],
  invalid: [
    {
      name: "tutorial provider.tf: source without version, at the docker entry",
      code: {
        "provider.tf": `terraform {\n  required_providers {\n    docker = {\n      source = "kreuzwerker/docker"\n    }\n  }\n}\n\nprovider "docker" {}\n`,
        "network.tf": network,
      },
      errors: [{ messageId: "noVersion", file: "provider.tf", line: 3, column: 5, endLine: 5, endColumn: 6, message: 'pin one (e.g. version = "~> 4.6")' }],
    },
    {
      name: "no terraform block: at the provider block",
      code: `${network}provider "docker" {\n  host = "unix:///var/run/docker.sock"\n}\n`,
      errors: [{ messageId: "undeclared", line: 4, column: 1, endLine: 4, endColumn: 18 }],
    },
    {
      name: "no terraform block, no provider block: at the first docker resource",
      code: `resource "null_resource" "x" {}\n${network}`,
      errors: [{ messageId: "undeclared", line: 2, column: 1 }],
    },
    {
      name: "required_providers without docker: at that block",
      code: terraform(`    null = { source = "hashicorp/null" }`) + network,
      errors: [{ messageId: "undeclared", line: 2, column: 3 }],
    },
    {
      name: "legacy version string: no source",
      code: terraform(`    docker = "~> 2.0"`) + network,
      errors: [{ messageId: "noSource", line: 3, column: 5 }],
    },
    {
      name: "no source, no version",
      code: terraform(`    docker = {}`) + network,
      errors: [
        { messageId: "noSource", line: 3, column: 5 },
        { messageId: "noVersion", line: 3, column: 5 },
      ],
    },
    {
      name: "wrong source: at the source key",
      code: terraform(`    docker = {\n      source  = "hashicorp/docker"\n      version = "1.0.0"\n    }`) + network,
      errors: [{ messageId: "wrongSource", line: 4, column: 7, message: 'has source "hashicorp/docker"' }],
    },
    { name: "JSON syntax (.tf.json): no version, at the docker entry", code: { "main.tf.json": `{\n  "terraform": { "required_providers": { "docker": { "source": "kreuzwerker/docker" } } },\n  "resource": { "docker_network": { "n": { "name": "n" } } }\n}\n` }, errors: [{ messageId: "noVersion", file: "main.tf.json", line: 2, column: 42 }] },
  ],
});
