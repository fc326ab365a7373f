import { ruleTester } from "../testing/rule-tester.js";
import rule from "./invalid-suppression.js";

ruleTester(rule, {
  valid: [
    { name: "JSON syntax (.tf.json) has no comments to misread", code: { "main.tf.json": `{ "locals": { "//": "hcl-lint-ignore nope", "a": 1 } }\n` } },
    { name: "known ids, with a reason", code: `# hcl-lint-ignore image-reference, pinned-image-tag -- migrating in #42\nresource "docker_image" "i" {\n  name = "x"\n}\n` },
    { name: "file-wide, // comment", code: `// hcl-lint-ignore-file pinned-image-tag\n` },
    { name: "the words inside a string are not a comment", code: `locals {\n  s = "# hcl-lint-ignore nope"\n}\n` },
    { name: "a heredoc line is not a comment", code: `locals {\n  s = <<EOT\n# hcl-lint-ignore nope\nEOT\n}\n` },
  ],
  invalid: [
    {
      name: "unknown id: at the id",
      code: `# hcl-lint-ignore image-reference, no-such-rule\nlocals {}\n`,
      errors: [{ messageId: "unknownRule", line: 1, column: 36, endLine: 1, endColumn: 48, message: 'Unknown rule "no-such-rule"' }],
    },
    {
      name: "no ids: at the comment",
      code: `locals {\n  a = 1 /* hcl-lint-ignore */\n}\n`,
      errors: [{ messageId: "noRules", line: 2, column: 9 }],
    },
    {
      name: "tflint's `all` is not accepted (suppression is rule-specific)",
      code: `# hcl-lint-ignore-file all\n`,
      errors: [{ messageId: "unknownRule", line: 1, column: 24 }],
    },
  ],
});
