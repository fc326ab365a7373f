/** A usage, configuration or I/O problem (exit code 2): the message is one line and names the path or flag. */
export class HclLintUsageError extends Error {
  override readonly name = "HclLintUsageError";
}

/** Why a file operation failed, in a word: its errno code (ENOENT, EACCES, EISDIR…), else its message. */
export function ioReason(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}

/** "cannot <action> <file>: <reason>" as a usage error; `missing` instead when the file does not exist. */
export function fileError(action: string, file: string, error: unknown, missing?: string): HclLintUsageError {
  if (missing !== undefined && (error as NodeJS.ErrnoException).code === "ENOENT") return new HclLintUsageError(missing);
  return new HclLintUsageError(`cannot ${action} ${file}: ${ioReason(error)}`);
}
