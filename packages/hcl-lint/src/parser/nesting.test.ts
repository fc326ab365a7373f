import { describe, expect, it } from "vitest";
import { MAX_NESTING, tooDeep } from "./nesting.js";

const nested = (depth: number) => `locals {\n  deep = ${"[".repeat(depth - 1)}1${"]".repeat(depth - 1)}\n}\n`;

describe("tooDeep", () => {
  it("refuses a file one level deeper than MAX_NESTING, at its expression, and takes one exactly that deep", () => {
    expect(tooDeep(nested(MAX_NESTING))).toBeUndefined();
    expect(tooDeep(nested(MAX_NESTING + 1))).toEqual({ depth: MAX_NESTING + 1, start: 18 });
  });

  it("counts interpolations inside strings as levels, and brackets in comments and heredocs not at all", () => {
    const interpolations = `locals {\n  a = ${"[".repeat(MAX_NESTING - 2)}"\${"\${1}"}"${"]".repeat(MAX_NESTING - 2)}\n}\n`;
    expect(tooDeep(interpolations)).toEqual({ depth: MAX_NESTING + 1, start: 15 });
    const inert = `# ${"[".repeat(1000)}\nlocals {\n  a = <<EOT\n${"{".repeat(1000)}\nEOT\n}\n`;
    expect(tooDeep(inert)).toBeUndefined();
  });

  it("a file with many brackets that nest shallowly is not refused", () => {
    expect(tooDeep(Array.from({ length: 500 }, (_, i) => `resource "docker_network" "n${i}" {\n  labels = [{ a = (1) }]\n}\n`).join(""))).toBeUndefined();
  });
});
