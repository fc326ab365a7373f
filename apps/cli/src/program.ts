import { Command, InvalidArgumentError, Option } from "commander";
import { applyCommand } from "./commands/apply.js";
import { checkCommand } from "./commands/check.js";
import { destroyCommand } from "./commands/destroy.js";
import { doctorCommand } from "./commands/doctor.js";
import { lintCommand } from "./commands/lint.js";
import { planCommand } from "./commands/plan.js";
import { ringCommand } from "./commands/ring.js";
import type { Runtime } from "./context.js";
import { VERSION } from "./version.js";

export const EXIT_CODES_HELP = `
Exit codes:
  0    ok
  1    failure: lint errors, a Terraform error, cancelled, no Consul leader, Cortex not ACTIVE in time,
       ring status --fail-on (or --fail-unhealthy) reached, a policy forget refused for quorum,
       a check whose sample did not come back
  2    usage error (bad flag or argument, no terminal to confirm on without --auto-approve);
       for \`plan --detailed-exitcode\`: the plan has changes
  130  interrupted (Ctrl-C/SIGTERM): Terraform was left to stop gracefully; the message says what was applied

The Terraform directory is --chdir (relative to where you typed the command), else the current directory when
it holds .tf files, else infra/ of the enclosing repository. Terraform runs with TF_IN_AUTOMATION=1 and
-input=false; binary: $TERRAFORM_BINARY, else terraform on PATH, else tofu.`;

/** A DNS label (letters, digits, hyphens inside, underscores as Consul's own names use them). */
const HOST_LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/i;

/**
 * http(s)://host[:port][/path] or a bare host[:port] (http), as Consul's own CLI takes CONSUL_HTTP_ADDR. Anything
 * else is a usage error now, not a host name that fails later as "unreachable".
 */
function consulAddress(value: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
  const url = scheme || /^(\[[^\]]*\]|[^/?#@:[\]]+)(:\d+)?$/.test(value) ? URL.parse(scheme ? value : `http://${value}`) : null;
  // URL has already checked an IPv6 address ([…]); a name or IPv4 address must be dot-separated labels.
  const host = url?.hostname ?? "";
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || !(host.startsWith("[") || host.split(".").every((label) => HOST_LABEL.test(label)))) {
    throw new InvalidArgumentError("expected http://host:port, https://host:port or host:port");
  }
  return value;
}

function forAll(command: Command, apply: (command: Command) => void): void {
  apply(command);
  for (const sub of command.commands) forAll(sub, apply);
}

export function createProgram(runtime: Runtime): Command {
  const program = new Command("cortex-ring")
    .description("Lint, plan and apply a Cortex cluster's hash ring with Terraform, then inspect the ring in Consul.")
    .version(VERSION, "-V, --version")
    .option("-C, --chdir <dir>", "Terraform directory (default: infra/ of the repository)")
    .addOption(new Option("--consul <addr>", "Consul HTTP address (default: $CONSUL_HTTP_ADDR, the applied cluster's output, http://127.0.0.1:8500)").argParser(consulAddress))
    .option("--json", "machine-readable output on stdout")
    .option("--no-color", "no colours (NO_COLOR is honoured too)")
    .option("-v, --verbose", "say what is skipped and why; show Terraform's stderr")
    .addHelpText("after", EXIT_CODES_HELP)
    .addCommand(lintCommand(runtime))
    .addCommand(planCommand(runtime))
    .addCommand(applyCommand(runtime))
    .addCommand(destroyCommand(runtime))
    .addCommand(ringCommand(runtime))
    .addCommand(checkCommand(runtime))
    .addCommand(doctorCommand(runtime));
  forAll(program, (command) => {
    command.exitOverride().configureOutput({
      writeOut: (text) => runtime.stdout.write(text),
      writeErr: (text) => runtime.stderr.write(text),
    });
    if (command.commands.length > 0 && command !== program) command.showHelpAfterError(false);
  });
  return program;
}
