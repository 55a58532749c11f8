import { z } from 'zod';
import { DEFAULT_ALERT_SETTINGS, type AlertSettings } from './alerts';

const windowSchema = (max: number) =>
  z.object({ enabled: z.boolean(), count: z.number().int().min(1).max(max), minutes: z.number().int().min(1).max(24 * 60) }).strict();

const hhmm = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/);

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The owner's alert thresholds; always sent whole. */
export const alertSettingsSchema = z
  .object({
    docBurst: windowSchema(500),
    clientSpread: windowSchema(500),
    offHours: z
      .object({ enabled: z.boolean(), start: hhmm, end: hhmm, days: z.array(z.number().int().min(1).max(7)).max(7) })
      .strict()
      .refine((h) => h.start < h.end, 'working hours end before they start'),
    firstAccess: z.object({ enabled: z.boolean() }).strict(),
    secretExport: z.object({ enabled: z.boolean() }).strict(),
    unlockFailures: windowSchema(100),
    backupTarget: z.object({ enabled: z.boolean() }).strict(),
    integrity: z.object({ enabled: z.boolean() }).strict(),
    timeZone: z.string().max(64).refine(validTimeZone, 'unknown time zone'),
    repeatMinutes: z.number().int().min(1).max(7 * 24 * 60),
  })
  .strict() satisfies z.ZodType<AlertSettings>;

/** Stored settings as the rules use them: anything unreadable falls back to the defaults, never to no alerts. */
export function parseAlertSettings(value: unknown): AlertSettings {
  const parsed = alertSettingsSchema.safeParse(value);
  return parsed.success ? parsed.data : DEFAULT_ALERT_SETTINGS;
}

/** The alerts page: newest first. */
export const alertListSchema = z
  .object({ openOnly: z.boolean().default(false), limit: z.number().int().min(1).max(1000).default(200) })
  .strict();

export const alertAckSchema = z.object({ seq: z.number().int().min(1), note: z.string().trim().min(1).max(500) }).strict();
