import { describe, expect, it } from "vitest";
import { firstError } from "./run.js";

const result = (stdout: string, stderr = "") => ({ code: 1, stdout, stderr });

describe("firstError", () => {
  it("takes the first error diagnostic of a -json stream", () => {
    const stdout = [
      '{"type":"version","terraform":"1.11.4"}',
      '{"type":"diagnostic","diagnostic":{"severity":"warning","summary":"Deprecated","detail":""}}',
      '{"type":"diagnostic","diagnostic":{"severity":"error","summary":"Error acquiring the state lock","detail":"Lock Info:\\n  ID: 42\\n  Path: terraform.tfstate"}}',
    ].join("\n");
    expect(firstError(result(stdout))).toBe("Error acquiring the state lock: Lock Info: ID: 42 Path: terraform.tfstate");
  });

  it("joins a boxed human error's summary and detail into one line", () => {
    const stderr = [
      "╷",
      "│ Error: Failed to query available provider packages",
      "│ ",
      "│ Could not retrieve the list of available versions for provider",
      "│ kreuzwerker/docker: could not connect to the provider registry",
      "╵",
      "╷",
      "│ Error: second",
      "╵",
    ].join("\n");
    expect(firstError(result("", stderr))).toBe(
      "Failed to query available provider packages: Could not retrieve the list of available versions for provider kreuzwerker/docker: could not connect to the provider registry",
    );
  });

  it("falls back to the last line, then the exit code", () => {
    expect(firstError(result("", "panic: boom\n"))).toBe("panic: boom");
    expect(firstError(result("", ""))).toBe("exit code 1");
  });
});
