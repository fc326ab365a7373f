/**
 * Forget with a confirmation: a modal <dialog> (focus moves into it, Escape cancels, Cancel has the focus), then
 * POST /api/forget with the page's CSRF token. The server decides: it re-reads the ring and refuses an instance
 * that heartbeats again, whatever this page showed.
 */
import { CSRF_HEADER, type ErrorAnswer, type ForgetAnswer, type ForgetRequest } from "../protocol.js";
import { byId, within } from "./dom.js";
import { age } from "../view/format.js";

const csrfToken = (): string => document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? "";

export async function postForget(request: ForgetRequest): Promise<ForgetAnswer> {
  const res = await fetch("/api/forget", {
    method: "POST",
    headers: { "content-type": "application/json", [CSRF_HEADER]: csrfToken() },
    body: JSON.stringify(request),
  });
  const answer = (await res.json().catch(() => ({ error: `HTTP ${res.status}`, code: "http" }))) as ForgetAnswer | ErrorAnswer;
  if (!res.ok || !("removed" in answer)) throw new Error("error" in answer ? answer.error : `HTTP ${res.status}`);
  return answer;
}

/** Asks, then forgets; resolves true once the server removed it, false when cancelled. */
export function confirmForget(key: string, id: string, ageSeconds: number | null, announce: (text: string) => void): Promise<boolean> {
  const dialog = byId("forget", HTMLDialogElement);
  const field = (name: string): HTMLElement => within(dialog, `[data-field="${name}"]`);
  const cancel = within(dialog, '[data-action="cancel"]', HTMLButtonElement);
  const confirm = within(dialog, '[data-action="forget"]', HTMLButtonElement);
  field("id").textContent = id;
  field("key").textContent = key;
  field("age").textContent = age(ageSeconds);
  field("error").hidden = true;
  confirm.disabled = false;
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  return new Promise((resolve) => {
    const done = (removed: boolean): void => {
      cancel.removeEventListener("click", onCancel);
      confirm.removeEventListener("click", onConfirm);
      dialog.removeEventListener("close", onClose);
      if (dialog.open) dialog.close();
      // The row (and its button) may be gone: put the focus somewhere that still exists.
      if (opener?.isConnected) opener.focus();
      else byId("rings").focus();
      resolve(removed);
    };
    const onCancel = (): void => done(false);
    const onClose = (): void => done(false);
    const onConfirm = (): void => {
      confirm.disabled = true;
      postForget({ key, id }).then(
        (answer) => {
          announce(`Forgot ${id} from ${key} (${answer.attempts} check-and-set attempt${answer.attempts === 1 ? "" : "s"}).`);
          done(true);
        },
        (error: unknown) => {
          field("error").textContent = error instanceof Error ? error.message : String(error);
          field("error").hidden = false;
          confirm.disabled = false;
        },
      );
    };
    cancel.addEventListener("click", onCancel);
    confirm.addEventListener("click", onConfirm);
    dialog.addEventListener("close", onClose);
    dialog.showModal();
    cancel.focus();
  });
}
