import { Reference } from "../module/evaluate.js";
import { defineRule, docsUrl } from "./rule.js";

/**
 * kreuzwerker/docker deprecated `docker_image.X.latest` in v2.13.0 and removed it in v3.0.0: `image_id` replaces
 * it. Referencing the docker_image (rather than an image string) is also what makes Terraform pull the image first
 * and replace the container when the image changes.
 */
export default defineRule({
  meta: {
    id: "image-reference",
    type: "problem",
    severity: "error",
    docs: { description: "docker_container.image references a docker_image of the module through image_id.", url: docsUrl("image-reference") },
    fixable: "code",
    defaultOptions: {},
    messages: {
      latest: "{{reference}}: the `latest` attribute was removed in kreuzwerker/docker v3; use {{fixed}}",
      attribute: "{{reference}}: reference the image through image_id so the container is replaced when the image changes",
      undeclared: "{{reference}}: no docker_image \"{{image}}\" is declared in this module",
      raw: 'image is the string "{{image}}"; declare a docker_image and reference its image_id',
      notImage: "image references {{reference}}; reference a docker_image's image_id",
    },
  },
  create(context) {
    return {
      blocks: {
        "resource:docker_container": (container) => {
          const image = container.attribute("image");
          if (!image) return;
          const value = image.value();
          const at = { file: image.file, span: image.valueSpan };
          if (typeof value === "string") {
            context.report({ ...at, messageId: "raw", data: { image: value } });
            return;
          }
          if (!(value instanceof Reference)) return;
          const reference = value.toString();
          if (value.type !== "docker_image") {
            context.report({ ...at, messageId: "notImage", data: { reference } });
          } else if (!container.module.resource("docker_image", value.name)) {
            context.report({ ...at, messageId: "undeclared", data: { reference, image: value.name } });
          } else if (value.attribute === "latest") {
            // Fixable only when the source itself says `.latest` (not when it arrives through a local).
            const step = image.expression?.steps?.at(-1);
            const fix = step?.name === "latest" ? { range: [step.span.start, step.span.end] as [number, number], text: "image_id" } : undefined;
            const fixed = reference.replace(/latest$/, "image_id");
            context.report({ ...at, messageId: "latest", data: { reference, fixed }, ...(fix ? { fix } : {}) });
          } else if (value.attribute !== "image_id") {
            context.report({ ...at, messageId: "attribute", data: { reference } });
          }
        },
      },
    };
  },
});
