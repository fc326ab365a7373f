import { defineRule, docsUrl } from "./rule.js";

/** A suppression comment that names no rule, or a rule that does not exist, silences nothing: say so. */
export default defineRule({
  meta: {
    id: "invalid-suppression",
    type: "problem",
    severity: "error",
    docs: { description: "hcl-lint-ignore comments name existing rule ids.", url: docsUrl("invalid-suppression") },
    defaultOptions: {},
    messages: {
      unknownRule: 'Unknown rule "{{id}}" in an hcl-lint-ignore comment; it suppresses nothing',
      noRules: "{{directive}} names no rule; list the rule ids to suppress (suppression is rule-specific)",
    },
  },
  create(context) {
    return {
      done() {
        for (const file of context.module.files) {
          for (const problem of file.suppressions.problems) context.report({ file, span: problem.span, messageId: problem.messageId, data: problem.data });
        }
      },
    };
  },
});
