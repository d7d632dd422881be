/** A one-time notice carried from a form to the page it returns to (GOV.UK's "success" banner). */
import type { Said } from './words.ts';

let pending: Said | null = null;

export function setFlash(message: Said): void {
  pending = message;
}

export function takeFlash(): Said | null {
  const m = pending;
  pending = null;
  return m;
}
