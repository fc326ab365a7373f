import { describe, expect, it } from "vitest";
import { plural } from "./units.js";

describe("units", () => {
  it.each([
    [0, "0 instances"],
    [1, "1 instance"],
    [2, "2 instances"],
  ])("plural(%i)", (count, text) => {
    expect(plural(count, "instance")).toBe(text);
  });

});
