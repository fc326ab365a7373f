/** Counts and durations as the CLI prints them. */

/** "1 error", "2 errors". */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** A duration the user gave in seconds, as they would write it: 300 ms → "0.3s", 60 000 ms → "60s". */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))}s`;
}
