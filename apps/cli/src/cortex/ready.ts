import { formatSeconds } from "../render/units.js";

/** Cortex's readiness endpoint (/ready): 200 once the component has started and, for ring members, joined. */
export async function readiness(base: string, timeoutMs = 3000): Promise<{ ready: boolean; detail: string }> {
  const url = `${base.replace(/\/+$/, "")}/ready`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const text = (await response.text()).trim().split("\n")[0] ?? "";
    return response.status === 200 ? { ready: true, detail: `${url} ready` } : { ready: false, detail: `${url} answered HTTP ${response.status}${text ? `: ${text}` : ""}` };
  } catch (error) {
    const err = error as Error & { cause?: Error };
    const why = err.name === "TimeoutError" ? `no answer within ${formatSeconds(timeoutMs)}` : (err.cause?.message ?? err.message);
    return { ready: false, detail: `${url} unreachable: ${why}` };
  }
}
