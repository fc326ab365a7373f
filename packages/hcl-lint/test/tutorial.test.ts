import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lint } from "../src/index.js";

const fixture = fileURLToPath(new URL("fixtures/tutorial-ch06", import.meta.url));
const infra = fileURLToPath(new URL("../../../infra", import.meta.url));

describe("the tutorial's ch06 files", () => {
  it("report exactly image-reference on both .latest lines, pinned-image-tag on both :latest images, required-provider", async () => {
    const results = await lint([fixture]);
    const findings = results.flatMap((result) =>
      result.messages.map((message) => `${result.filePath.slice(fixture.length + 1)}:${message.line}:${message.column} ${String(message.ruleId)} ${message.severity}`),
    );
    expect(findings).toEqual([
      "provider.tf:3:5 required-provider 1",
      "ring.tf:2:18 pinned-image-tag 1",
      "ring.tf:7:11 image-reference 2",
      "store.tf:2:18 pinned-image-tag 1",
      "store.tf:7:11 image-reference 2",
    ]);
    expect(results.map((result) => result.filePath.slice(fixture.length + 1))).toEqual(["network.tf", "provider.tf", "ring.tf", "store.tf"]);
    // Both .latest findings carry a fix that only swaps the attribute name.
    const fixes = results.flatMap((result) => result.messages.filter((message) => message.fix).map((message) => ({ text: message.fix?.text, replaced: result.source?.slice(...(message.fix?.range ?? [0, 0])) })));
    expect(fixes).toEqual([
      { text: "image_id", replaced: "latest" },
      { text: "image_id", replaced: "latest" },
    ]);
  });
});

describe("infra/", () => {
  // Whatever images and provider version infra/ pins, it must pass every rule.
  it("passes every rule", async () => {
    const results = await lint([infra]);
    expect(results.length).toBeGreaterThan(0);
    expect(results.flatMap((result) => result.messages.map((message) => `${result.filePath}:${message.line}: ${message.message}`))).toEqual([]);
  });
});
