/**
 * The one way the renderer shows dates and times, the same in every language
 * (as a Chinese firm writes them): dates as 2026-03-05, date-times as
 * 2026-03-05 14:07, in local time. A page that wants "3 天后" says so itself
 * (see credentials/expiry.ts); nothing here is relative.
 */

type DateInput = string | Date | null | undefined;

// A calendar day ("2026-03-05") is not an instant: parsing it as one would read it as UTC midnight and could show the day before.
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad = (n: number) => String(n).padStart(2, '0');

function toDate(value: Exclude<DateInput, null | undefined>): Date | null {
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? null : date;
}

/** 2026-03-05 (local). A calendar day stays as it is; empty for nothing; anything unreadable is shown as given. */
export function formatDate(value: DateInput): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string' && DAY.test(value)) return value;
  const date = toDate(value);
  if (!date) return String(value);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** 2026-03-05 14:07 (local, 24-hour). A calendar day has no time: it is shown as a date. */
export function formatDateTime(value: DateInput): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string' && DAY.test(value)) return value;
  const date = toDate(value);
  if (!date) return String(value);
  return `${formatDate(date)} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
