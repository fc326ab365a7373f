import { describe, expect, it } from "vitest";
import { formatSeconds, plural } from "./units.js";

describe("units", () => {
  it.each([
    [0, "0 instances"],
    [1, "1 instance"],
    [2, "2 instances"],
  ])("plural(%i)", (count, text) => {
    expect(plural(count, "instance")).toBe(text);
  });

  it.each([
    [300, "0.3s"],
    [250, "0.25s"],
    [1_500, "1.5s"],
    [60_000, "60s"],
  ])("formatSeconds(%i) says the wait the user asked for", (ms, text) => {
    expect(formatSeconds(ms)).toBe(text);
  });
});
