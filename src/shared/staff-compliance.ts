/**
 * 保密协议与培训: each staff member's confidentiality agreement (NDA), the
 * training sessions they attended and the policy version they acknowledged;
 * the owner's rule that a valid agreement must be on file to unlock, with a
 * grace period. The gate itself is a pure function of dates (ndaStanding),
 * used by the unlock (main) and shown on the staff page (renderer).
 */
import { z } from 'zod';
import type { Role } from './domain';

/** Reminders start this many days before an agreement expires. */
export const NDA_REMIND_DAYS = 30;
export const NDA_MAX_GRACE_DAYS = 365;
/** Largest scan of a signed agreement kept in the vault. */
export const NDA_SCAN_MAX_BYTES = 64 * 1024 * 1024;

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
export const daySchema = z
  .string()
  .regex(DAY_RE)
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a calendar day');

/** The owner's rule, as the signed roster carries it. `since`: the day it was switched on (staff with no agreement at all get their grace from then). */
export interface NdaPolicy {
  graceDays: number;
  since: string;
}

/**
 * Where a staff member stands:
 * - exempt: an owner (never locked out of their own vault);
 * - valid: an agreement runs until `expires` (remind: within NDA_REMIND_DAYS of it);
 * - grace: expired or missing, still before `deadline` (policy on);
 * - blocked: past the deadline, policy on: unlock refused (NDA_REQUIRED);
 * - expired / missing: the same facts with no policy to enforce them.
 */
export type NdaState = 'exempt' | 'valid' | 'grace' | 'blocked' | 'expired' | 'missing';

export interface NdaStanding {
  state: NdaState;
  /** The latest agreement's expiry, when one is on file. */
  expires: string | null;
  /** Last day an unlock is still allowed (policy on and no valid agreement). */
  deadline: string | null;
  /** Days until `expires` (valid) or until `deadline` (grace); null otherwise. */
  daysLeft: number | null;
  /** A reminder is due: valid but within NDA_REMIND_DAYS of expiry, or in grace. */
  remind: boolean;
}

/** YYYY-MM-DD of a date in local time (agreements run by calendar days where the firm is). */
export function localDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The gate. An agreement is valid through its expiry day; with the policy on,
 * unlock is allowed `graceDays` days more, then refused. Someone with no
 * agreement at all has the grace counted from the day the policy was switched on.
 */
export function ndaStanding(role: Role, expires: string | null, policy: NdaPolicy | null, today: string): NdaStanding {
  if (role === 'owner') return { state: 'exempt', expires, deadline: null, daysLeft: null, remind: false };
  if (expires !== null && today <= expires) {
    const daysLeft = daysBetween(today, expires);
    return { state: 'valid', expires, deadline: null, daysLeft, remind: daysLeft <= NDA_REMIND_DAYS };
  }
  if (!policy) return { state: expires === null ? 'missing' : 'expired', expires, deadline: null, daysLeft: null, remind: expires !== null };
  const from = expires ?? policy.since;
  const deadline = addDays(from, policy.graceDays);
  if (today <= deadline) return { state: 'grace', expires, deadline, daysLeft: daysBetween(today, deadline), remind: true };
  return { state: 'blocked', expires, deadline, daysLeft: null, remind: true };
}

export interface NdaRecord {
  id: string;
  staffId: string;
  signedOn: string;
  expiresOn: string;
  /** The version of the confidentiality policy the agreement refers to (optional). */
  policyVersion: string | null;
  scan: { name: string; size: number } | null;
  recordedAt: string;
  recordedBy: string | null;
}

export interface TrainingRecord {
  id: string;
  staffId: string;
  heldOn: string;
  topic: string;
  note: string;
  recordedAt: string;
  recordedBy: string | null;
}

export interface PolicyAck {
  staffId: string;
  version: string;
  acknowledgedOn: string;
  recordedAt: string;
}

/** One row of the staff page's 保密协议 column (owners and admins). */
export interface StaffComplianceSummary {
  staffId: string;
  name: string;
  role: Role;
  standing: NdaStanding;
  trainings: number;
  lastTraining: string | null;
  policyVersion: string | null;
}

export interface StaffComplianceView {
  policy: NdaPolicy | null;
  staff: StaffComplianceSummary[];
}

export interface StaffComplianceDetail {
  summary: StaffComplianceSummary;
  ndas: NdaRecord[];
  trainings: TrainingRecord[];
  ack: PolicyAck | null;
}

/** What an unlock tells the staff member about their own agreement, and owners/admins about everyone's. */
export interface NdaNotice {
  /** The signed-in member's own standing, when a reminder is due. */
  own?: { state: NdaState; expires: string | null; deadline: string | null; daysLeft: number | null };
  /** Owners and admins: staff whose agreement needs attention (expiring, in grace, blocked, missing under the policy). */
  attention?: number;
}

const idSchema = z.string().regex(/^[0-9a-f]{32}$/);
const text = (max: number) => z.string().trim().max(max);

export const ndaRecordSchema = z
  .object({
    staffId: idSchema,
    signedOn: daySchema,
    expiresOn: daySchema,
    policyVersion: text(40).min(1).nullable().default(null),
    /** Pick the signed scan with the open dialog (IPC) or pass a path (CLI). */
    pickScan: z.boolean().default(false),
  })
  .strict()
  .refine((v) => v.signedOn <= v.expiresOn, { message: 'expires before it was signed' });

export const trainingRecordSchema = z
  .object({ staffId: idSchema, heldOn: daySchema, topic: text(200).min(1), note: text(2000).default('') })
  .strict();

export const policyAckSchema = z.object({ staffId: idSchema, version: text(40).min(1), acknowledgedOn: daySchema }).strict();

export const ndaPolicySchema = z
  .object({ required: z.boolean(), graceDays: z.number().int().min(0).max(NDA_MAX_GRACE_DAYS) })
  .strict();
