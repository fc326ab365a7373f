import { Command } from "commander";
import { createContext, type Runtime } from "../context.js";

/** hcl-lint options that take a value: the word after them is not a path. */
const VALUE_OPTIONS = new Set(["-f", "--format", "-c", "--config", "--rule", "--var-file", "-o", "--output-file", "--max-warnings"]);

/** True when the arguments name no path, so the Terraform directory is linted. */
export function namesNoPath(args: string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--") return i === args.length - 1;
    if (arg.startsWith("-")) {
      if (VALUE_OPTIONS.has(arg)) i++;
      continue;
    }
    return false;
  }
  return true;
}

export function lintCommand(runtime: Runtime): Command {
  return new Command("lint")
    .description("hcl-lint the Terraform directory (or the given paths); same flags and exit codes as hcl-lint (`lint --help`)")
    .argument("[args...]", "hcl-lint paths and flags")
    .allowUnknownOption()
    .helpOption(false)
    .action(async (args: string[], _options: object, command: Command) => {
      const ctx = createContext(command, runtime);
      const argv = [...args];
      if (!argv.includes("--help") && !argv.includes("-h")) {
        if (ctx.json && !argv.some((arg) => arg === "-f" || arg === "--format" || arg.startsWith("--format="))) argv.unshift("--format", "json");
        if (namesNoPath(argv)) argv.push(ctx.workdir());
      }
      // The report goes to stdout, so stdout's terminal decides its colour (with NO_COLOR and --no-color), not
      // stderr's; NO_COLOR=1 also keeps a FORCE_COLOR in the environment from overriding that decision.
      const color = ctx.outColors.isColorSupported;
      runtime.exitCode = await runtime.deps.runLintCli(argv, {
        stdout: runtime.stdout,
        stderr: runtime.stderr,
        cwd: ctx.cwd,
        env: color ? runtime.env : { ...runtime.env, NO_COLOR: "1" },
        isTTY: color,
      });
    });
}
