/**
 * Expiry dates are calendar days where the firm is (main compares them in
 * local time too): "N 天后到期" counts local midnights, not 24-hour spans.
 */

/** YYYY-MM-DD of `d` in local time. */
export function localDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Days from today to `expiresOn` (negative: expired that many days ago); null for a malformed day. */
export function daysUntil(expiresOn: string, now: Date = new Date()): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(expiresOn);
  if (!match) return null;
  const [, y, m, d] = match;
  // Date.UTC of both days: a daylight-saving change cannot make a day 23 or 25 hours long.
  const target = Date.UTC(Number(y), Number(m) - 1, Number(d));
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  if (Number.isNaN(target)) return null;
  return Math.round((target - today) / 86_400_000);
}

export type ExpiryState = { state: 'expired'; days: number } | { state: 'today' } | { state: 'soon'; days: number } | { state: 'later'; days: number };

/** Within this many days an expiry is shown as a warning. */
export const EXPIRY_WARN_DAYS = 30;

/** How an expiry date is tagged: 已过期, 今天到期, N 天后到期 (a warning within EXPIRY_WARN_DAYS). */
export function expiryState(expiresOn: string, now: Date = new Date()): ExpiryState | null {
  const days = daysUntil(expiresOn, now);
  if (days === null) return null;
  if (days < 0) return { state: 'expired', days: -days };
  if (days === 0) return { state: 'today' };
  return days <= EXPIRY_WARN_DAYS ? { state: 'soon', days } : { state: 'later', days };
}

/** How many of these expiry dates have already passed. */
export function countExpired(days: readonly (string | null)[], now: Date = new Date()): number {
  return days.filter((d) => d !== null && (daysUntil(d, now) ?? 0) < 0).length;
}
