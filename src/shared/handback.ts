/**
 * 解除委托: the end of a client. Everything held for it is handed back as one
 * encrypted package (移交资料包), then the client is 已解除委托: kept, read-only,
 * only until its documents' retention periods end (会计档案管理办法), then
 * destroyed through the 销毁清册. Schemas for the IPC contract and the types
 * the package's index and an ending take.
 */
import { z } from 'zod';
import { shareEncryptionSchema } from './shares';

const id = z.string().regex(/^[0-9a-f]{32}$/, 'malformed id');

export const HANDBACK_REASON_MAX = 500;
const reasonSchema = z.string().trim().min(1).max(HANDBACK_REASON_MAX);

export const clientHandbackSchema = z
  .object({
    clientId: id,
    /** 账号密码: the client's credentials with their secrets, in clear inside the package. Off unless asked for. */
    withCredentials: z.boolean().default(false),
    /** The client's access report (客户信息访问报告) as a PDF. */
    withAccessReport: z.boolean().default(false),
    reason: reasonSchema,
    encryption: shareEncryptionSchema,
  })
  .strict();
export type ClientHandbackRequest = z.output<typeof clientHandbackSchema>;

export const clientEndSchema = z
  .object({
    clientId: id,
    reason: reasonSchema,
    /** The hand-back package this ending follows, when one was made (its id, as the audit log records it). */
    handbackId: id.nullable().default(null),
  })
  .strict();
export type ClientEndRequest = z.output<typeof clientEndSchema>;

/** How a client's engagement ended, as its sealed record keeps it. */
export interface ClientEnding {
  /** The end date (YYYY-MM-DD, local). */
  on: string;
  at: string;
  by: string;
  byName: string;
  reason: string;
  handbackId: string | null;
}

/** One file in a hand-back package, as index.csv and index.pdf list it. */
export interface HandbackFile {
  /** Path inside the archive (files/…, or the profile, credentials and report files). */
  path: string;
  /** The document's name in the vault ('' for files the package itself makes). */
  originalName: string;
  category: string;
  /** 所属期: 2025年3月, 2025年, or ''. */
  period: string;
  size: number;
  sha256: string;
}

export type ClientHandbackResult =
  | { cancelled: true }
  | {
      cancelled: false;
      handbackId: string;
      path: string;
      size: number;
      documents: number;
      files: HandbackFile[];
      /** The generated passphrase, shown once; never stored. */
      passphrase: string | null;
    };
