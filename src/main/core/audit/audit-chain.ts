import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '../crypto/canonical-json';

/** The fields of an audit event that its MAC covers (everything but the MAC). */
export interface AuditFields {
  seq: number;
  at: string;
  staffId: string | null;
  staffName: string | null;
  role: string | null;
  action: string;
  clientId: string | null;
  documentId: string | null;
  outcome: 'success' | 'failure' | 'denied';
  machine: string;
  detail: string;
}

export interface AuditRow extends AuditFields {
  mac: Buffer;
}

export interface ChainHead {
  seq: number;
  mac: string;
}

/** What the chain starts from: bound to the vault, so events cannot move between vaults. */
export function genesisMac(auditKey: Buffer, vaultId: string): Buffer {
  return createHmac('sha256', auditKey).update(`zhangdun/v1/audit-genesis\0${vaultId}`).digest();
}

/** mac_n = HMAC(audit key, mac_{n-1} ‖ canonical(event_n)). */
export function chainMac(auditKey: Buffer, previous: Buffer, fields: AuditFields): Buffer {
  const body = canonicalJson({
    seq: fields.seq,
    at: fields.at,
    staffId: fields.staffId,
    staffName: fields.staffName,
    role: fields.role,
    action: fields.action,
    clientId: fields.clientId,
    documentId: fields.documentId,
    outcome: fields.outcome,
    machine: fields.machine,
    detail: fields.detail,
  });
  return createHmac('sha256', auditKey).update(previous).update(body).digest();
}

export type ChainVerdict =
  | { ok: true; head: ChainHead | null; count: number }
  | { ok: false; firstBadSeq: number; reason: 'edited' | 'missing' | 'reordered'; head: ChainHead | null; count: number };

/**
 * Walks the chain in sequence order. The first event whose number is not the
 * next one, or whose MAC does not follow from its predecessor, is reported.
 */
export function verifyChain(rows: Iterable<AuditRow>, auditKey: Buffer, vaultId: string): ChainVerdict {
  let previous = genesisMac(auditKey, vaultId);
  let expected = 1;
  let count = 0;
  let head: ChainHead | null = null;
  for (const row of rows) {
    count++;
    if (row.seq !== expected) {
      return { ok: false, firstBadSeq: expected, reason: row.seq > expected ? 'missing' : 'reordered', head, count };
    }
    const mac = chainMac(auditKey, previous, row);
    if (mac.length !== row.mac.length || !timingSafeEqual(mac, row.mac)) {
      return { ok: false, firstBadSeq: row.seq, reason: 'edited', head, count };
    }
    previous = row.mac;
    head = { seq: row.seq, mac: row.mac.toString('hex') };
    expected++;
  }
  return { ok: true, head, count };
}
