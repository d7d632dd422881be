/**
 * Failed logins counted per account name, not per address: a school's staff share one NAT address, so a
 * per-address limit strong enough to stop guessing locks colleagues out of each other at 7:00. After
 * `maxFailures` wrong passwords for one login name within `windowMs`, that name is refused (429
 * LOGIN_LOCKED, with Retry-After) until the oldest of those failures leaves the window; a successful login
 * clears the count. Unknown names are counted too, so the answer says nothing about which accounts exist.
 *
 * The counts live in this process (as the per-address limits do), bounded by `maxKeys`: the least recently
 * failed names are forgotten first.
 */
import { ApiError } from '../http-errors.ts';

export interface LoginThrottleOptions {
  maxFailures: number;
  windowMs: number;
  /** How many login names are remembered at most. */
  maxKeys?: number;
}

const TIME_VI = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hour: '2-digit',
  minute: '2-digit',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour12: false,
});

/** The refusal: when to try again, in minutes and as a local time (Asia/Ho_Chi_Minh). */
export function loginLocked(retryAt: Date, now: Date): ApiError {
  const seconds = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
  const minutes = Math.ceil(seconds / 60);
  const at = TIME_VI.format(retryAt);
  return new ApiError('LOGIN_LOCKED', {
    status: 429,
    message: {
      vi: `Đã nhập sai mật khẩu quá nhiều lần với tên đăng nhập này; vui lòng thử lại sau ${minutes} phút (từ ${at}), hoặc liên hệ quản trị hệ thống của trường nếu quên mật khẩu.`,
      en: `Too many wrong passwords for this login; try again in ${minutes} minute(s) (from ${retryAt.toISOString()}), or ask your school's administrator if you forgot the password.`,
    },
  });
}

export class LoginThrottle {
  readonly #failures = new Map<string, number[]>();
  readonly #maxKeys: number;

  constructor(private readonly o: LoginThrottleOptions) {
    this.#maxKeys = o.maxKeys ?? 100_000;
  }

  /** The key of a login name: compared as the database compares logins (NFC, case-insensitive). */
  static key(kind: 'user' | 'client', name: string): string {
    return `${kind}:${name.normalize('NFC').toLowerCase()}`;
  }

  /** When the name may try again, or undefined when it may now. */
  retryAt(key: string, now: Date): Date | undefined {
    const recent = this.#recent(key, now.getTime());
    if (recent.length < this.o.maxFailures) return undefined;
    return new Date(recent[recent.length - this.o.maxFailures]! + this.o.windowMs);
  }

  fail(key: string, now: Date): void {
    const recent = this.#recent(key, now.getTime());
    recent.push(now.getTime());
    // Only the last maxFailures matter; re-inserted so that the map's order is the failures' order.
    this.#failures.delete(key);
    this.#failures.set(key, recent.slice(-this.o.maxFailures));
    if (this.#failures.size > this.#maxKeys) {
      const oldest = this.#failures.keys().next().value;
      if (oldest !== undefined) this.#failures.delete(oldest);
    }
  }

  succeed(key: string): void {
    this.#failures.delete(key);
  }

  #recent(key: string, now: number): number[] {
    return (this.#failures.get(key) ?? []).filter((t) => t > now - this.o.windowMs && t <= now);
  }
}

export const secondsUntil = (at: Date, now: Date) =>
  Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000));
