/**
 * A module file read from disk. Terraform reads configuration as UTF-8 and reports a file that is not as an error
 * of that file; so does hcl-lint: the file gets one fatal finding at its first bad byte and everything else is
 * still linted. A file that cannot be read at all is the same kind of finding.
 */
import { readFileSync } from "node:fs";
import { isUtf8 } from "node:buffer";
import { ioReason } from "../errors.js";
import type { LintMessage } from "../types.js";

export interface SourceFile {
  path: string;
  bytes: Uint8Array;
  /** The text, when the bytes are UTF-8. */
  source?: string;
  /** Why the file cannot be linted (not UTF-8, unreadable): its one fatal finding. */
  problem?: LintMessage;
}

/** Synchronous on purpose: .tf files are small, and thread-pool hops per file cost more than the read. */
export function readSourceFile(file: string): SourceFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return { path: file, bytes: new Uint8Array(), problem: fatal(`Cannot read the file: ${ioReason(error)}`, 1, 1) };
  }
  if (isUtf8(bytes)) return { path: file, bytes, source: bytes.toString("utf8") };
  const at = firstInvalidByte(bytes);
  const valid = bytes.subarray(0, at).toString("utf8");
  const lineStart = valid.lastIndexOf("\n") + 1;
  const line = valid.split("\n").length;
  const column = valid.length - lineStart + 1;
  const byte = bytes[at]?.toString(16).padStart(2, "0") ?? "??";
  return { path: file, bytes, problem: fatal(`File is not valid UTF-8 (byte 0x${byte} at offset ${at}); Terraform reads configuration files as UTF-8: re-save it as UTF-8`, line, column) };
}

function fatal(message: string, line: number, column: number): LintMessage {
  return { ruleId: null, fatal: true, severity: 2, message, line, column };
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i] ?? 0;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    if (!isUtf8(bytes.subarray(i, i + length))) return i;
    i += length;
  }
  return bytes.length;
}
