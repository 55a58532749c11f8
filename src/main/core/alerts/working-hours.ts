import type { AlertSettings } from '../../../shared/alerts';

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** A formatter for the firm's time zone, made once (formatting is the costly part, not the check). */
export function workingHoursClock(timeZone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  } catch {
    // An unknown zone (settings are validated, but a vault may come from a newer app): Beijing time.
    return new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  }
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Whether `at` falls on a working day between start (inclusive) and end (exclusive), in the clock's zone. */
export function isWorkingTime(clock: Intl.DateTimeFormat, at: number, hours: AlertSettings['offHours']): boolean {
  let weekday = 0;
  let minute = 0;
  for (const part of clock.formatToParts(at)) {
    if (part.type === 'weekday') weekday = WEEKDAYS[part.value] ?? 0;
    else if (part.type === 'hour') minute += Number(part.value) * 60;
    else if (part.type === 'minute') minute += Number(part.value);
  }
  if (!hours.days.includes(weekday)) return false;
  return minute >= minutesOf(hours.start) && minute < minutesOf(hours.end);
}
