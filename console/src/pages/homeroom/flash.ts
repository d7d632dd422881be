/** A one-time notice carried from a form to the page it returns to (GOV.UK's "success" banner). */
let pending: string | null = null;

export function setFlash(message: string): void {
  pending = message;
}

export function takeFlash(): string | null {
  const m = pending;
  pending = null;
  return m;
}
