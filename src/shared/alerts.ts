/**
 * Anomaly alerts: the rules the audit stream is watched with, their
 * thresholds (the owner's settings) and what the 警报 page shows. Pure data,
 * shared by main and the renderer.
 */

export const ALERT_RULES = [
  'doc-burst',
  'client-spread',
  'off-hours',
  'first-access',
  'secret-export',
  'unlock-failures',
  'backup-target',
  'integrity',
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export const ALERT_SEVERITIES = ['low', 'medium', 'high'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const RULE_SEVERITY: Record<AlertRule, AlertSeverity> = {
  'doc-burst': 'high',
  'client-spread': 'medium',
  'off-hours': 'medium',
  'first-access': 'low',
  'secret-export': 'high',
  'unlock-failures': 'high',
  'backup-target': 'medium',
  integrity: 'high',
};

/** A count of events within a number of minutes. */
export interface WindowThreshold {
  enabled: boolean;
  count: number;
  minutes: number;
}

export interface AlertSettings {
  /** Documents viewed, exported or printed by one staff member. */
  docBurst: WindowThreshold;
  /** Different clients opened by one staff member. */
  clientSpread: WindowThreshold;
  /** Exports and prints outside working hours ('HH:MM', days 1 = Monday … 7 = Sunday). */
  offHours: { enabled: boolean; start: string; end: string; days: number[] };
  firstAccess: { enabled: boolean };
  /** Any export or print of a 绝密 client's document. */
  secretExport: { enabled: boolean };
  /** Failed unlocks for one name (names nobody could read are counted together for the vault). */
  unlockFailures: WindowThreshold;
  /** A backup to a folder or recipient no earlier backup went to. */
  backupTarget: { enabled: boolean };
  /** A failed audit verification, a refused rollback, an altered anchor. */
  integrity: { enabled: boolean };
  /** The time zone working hours are in (the firm's PCs keep Beijing time). */
  timeZone: string;
  /** A rule without a count fires again for the same person (and client) only after this many minutes. */
  repeatMinutes: number;
}

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  docBurst: { enabled: true, count: 20, minutes: 10 },
  clientSpread: { enabled: true, count: 10, minutes: 10 },
  offHours: { enabled: true, start: '08:00', end: '19:00', days: [1, 2, 3, 4, 5] },
  firstAccess: { enabled: true },
  secretExport: { enabled: true },
  unlockFailures: { enabled: true, count: 5, minutes: 15 },
  backupTarget: { enabled: true },
  integrity: { enabled: true },
  timeZone: 'Asia/Shanghai',
  repeatMinutes: 60,
};

/** An event an alert was raised on, as the 警报 page lists it. */
export interface AlertEventRef {
  seq: number;
  at: string;
  action: string;
  outcome: string;
  staffName: string | null;
  clientName: string | null;
  documentName: string | null;
}

export interface AlertAck {
  seq: number;
  at: string;
  staffId: string | null;
  staffName: string | null;
  note: string;
}

/** One alert: an `alert.raise` audit event, with its acknowledgement if any. */
export interface AlertEntry {
  seq: number;
  at: string;
  rule: AlertRule;
  severity: AlertSeverity;
  /** The staff member it is about (null: a name nobody could read, or a scheduled backup). */
  subjectId: string | null;
  subjectName: string | null;
  /** Whether the subject is suspended now (the signed roster says so). */
  subjectSuspended: boolean;
  /** Whether the signed-in staff member may suspend the subject. */
  suspendable: boolean;
  clientId: string | null;
  clientName: string | null;
  /** What the rule counted: count, threshold, minutes, the folder of a backup… (null where the session cannot open it). */
  facts: Record<string, string | number | boolean | null>;
  /** The audit events behind it. */
  events: number[];
  ack: AlertAck | null;
}

export interface AlertPage {
  items: AlertEntry[];
  /** Alerts nobody has acknowledged yet. */
  open: number;
}
