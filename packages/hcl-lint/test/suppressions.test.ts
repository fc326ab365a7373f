import path from "node:path";
import { describe, expect, it } from "vitest";
import { lint } from "../src/index.js";
import { NETWORK, PROVIDER, scratch } from "./helpers.js";

const findings = async (files: Record<string, string>) => {
  const root = await scratch({ "network.tf": NETWORK, "provider.tf": PROVIDER, ...files });
  const results = await lint([root]);
  const main = results.find((result) => path.basename(result.filePath) === "main.tf");
  return {
    reported: main?.messages.map((message) => `${message.line}:${message.column} ${String(message.ruleId)}`),
    suppressed: main?.suppressedMessages?.map((message) => `${message.line} ${String(message.ruleId)} (${String(message.suppressions[0]?.justification)})`),
  };
};

const image = `resource "docker_image" "consul" {\n  name = "consul:latest"\n}\n`;
const container = `resource "docker_container" "ring" {\n  image = docker_image.consul.latest\n}\n`;

describe("# hcl-lint-ignore", () => {
  it("on the line above a block silences the listed rules inside it, and only those", async () => {
    const result = await findings({ "main.tf": `${image}# hcl-lint-ignore image-reference, consul-bind-interface -- tutorial code\n${container}` });
    expect(result.reported).toEqual(["2:10 pinned-image-tag", "5:1 network-attachment"]);
    expect(result.suppressed).toEqual(["5 consul-bind-interface (tutorial code)", "6 image-reference (tutorial code)"]);
  });

  it("on the line above an attribute silences only that attribute", async () => {
    const result = await findings({ "main.tf": `${image}resource "docker_container" "ring" {\n  // hcl-lint-ignore consul-bind-interface\n  # hcl-lint-ignore image-reference\n  image = docker_image.consul.latest\n}\n` });
    expect(result.reported).toEqual(["2:10 pinned-image-tag", "4:1 consul-bind-interface", "4:1 network-attachment"]);
    expect(result.suppressed).toEqual(["7 image-reference ()"]);
  });

  it("at the end of a line silences what starts on that line", async () => {
    const result = await findings({ "main.tf": `resource "docker_image" "consul" {\n  name = "consul:latest" # hcl-lint-ignore pinned-image-tag\n}\n` });
    expect(result.reported).toEqual([]);
    expect(result.suppressed).toEqual(["2 pinned-image-tag ()"]);
  });

  it("does not reach past a blank line", async () => {
    const result = await findings({ "main.tf": `# hcl-lint-ignore pinned-image-tag\n\n${image}` });
    expect(result.reported).toEqual(["4:10 pinned-image-tag"]);
  });

  it("-file silences a rule anywhere in the file, not in other files", async () => {
    const result = await findings({
      "main.tf": `${image}\n# hcl-lint-ignore-file pinned-image-tag\n`,
      "other.tf": `resource "docker_image" "cassandra" {\n  name = "cassandra:latest"\n}\n`,
    });
    expect(result.reported).toEqual([]);
    const root = await scratch({ "network.tf": NETWORK, "provider.tf": PROVIDER, "main.tf": `${image}\n# hcl-lint-ignore-file pinned-image-tag\n`, "other.tf": `resource "docker_image" "cassandra" {\n  name = "cassandra:latest"\n}\n` });
    const other = (await lint([root])).find((entry) => entry.filePath.endsWith("other.tf"));
    expect(other?.messages.map((message) => message.ruleId)).toEqual(["pinned-image-tag"]);
  });

  it("an unknown id is itself reported (invalid-suppression) and silences nothing", async () => {
    const result = await findings({ "main.tf": `# hcl-lint-ignore pinned-image-tags\n${image}` });
    expect(result.reported).toEqual(["1:19 invalid-suppression", "3:10 pinned-image-tag"]);
  });
});
