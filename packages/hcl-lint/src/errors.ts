/** A usage, configuration or I/O problem (exit code 2): the message is one line and names the path or flag. */
export class HclLintUsageError extends Error {
  override readonly name = "HclLintUsageError";
}
