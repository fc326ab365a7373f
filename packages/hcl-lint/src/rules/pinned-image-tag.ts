import { parseImageName } from "./docker-image.js";
import { defineRule, docsUrl } from "./rule.js";

/**
 * An image without a tag, or tagged `latest`, changes under the cluster: `consul:latest` was deleted from Docker
 * Hub on 2023-06-27 and every fresh apply of the tutorial broke. Pin a version tag or a digest.
 */
export default defineRule({
  meta: {
    id: "pinned-image-tag",
    type: "suggestion",
    severity: "warning",
    docs: { description: "docker_image.name carries an explicit tag other than latest, or a digest.", url: docsUrl("pinned-image-tag") },
    defaultOptions: {},
    messages: {
      latest: 'Image "{{image}}" is tagged latest; pin a version tag or a digest so an apply next month runs the same image',
      untagged: 'Image "{{image}}" has no tag (Docker uses latest); pin a version tag or a digest',
    },
  },
  create(context) {
    return {
      blocks: {
        "resource:docker_image": (image) => {
          const name = image.attribute("name");
          const value = name?.value();
          if (!name || typeof value !== "string") return;
          const parsed = parseImageName(value);
          if (parsed.digest) return;
          if (parsed.tag === undefined) context.report({ file: name.file, span: name.valueSpan, messageId: "untagged", data: { image: value } });
          else if (parsed.tag === "latest") context.report({ file: name.file, span: name.valueSpan, messageId: "latest", data: { image: value } });
        },
      },
    };
  },
});
