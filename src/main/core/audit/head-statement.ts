import { z } from 'zod';
import { canonicalJson } from '../crypto/canonical-json';
import { VaultError } from '../errors';
import { signerKeysFor } from '../keys/key-file';
import { verifySignature } from '../keys/signing';
import type { OpenVault } from '../vault/open-vault';
import { eventHash } from './audit-event';

/**
 * A signed statement of the audit log's head — "event #N of vault V has
 * hash H" — that a firm prints or keeps away from the PC (`zhangdun audit
 * head --out`), so that later the log can be checked against it: events
 * dropped from the end, or a log rebuilt from an earlier point, no longer
 * contain that event with that hash. Backups carry one too.
 */
export const headStatementSchema = z
  .object({
    format: z.literal('zhangdun-audit-head'),
    version: z.literal(1),
    vaultId: z.string().regex(/^[0-9a-f]{32}$/),
    seq: z.number().int().min(1),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    at: z.string().max(40),
    /** A staff id, or 'master'. */
    signer: z.string().max(40),
    rosterVersion: z.number().int().min(1),
    signature: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).max(200),
  })
  .strict();

export type HeadStatement = z.infer<typeof headStatementSchema>;

function statementBytes(s: Omit<HeadStatement, 'signature'>): Buffer {
  return Buffer.from(`zhangdun/v3/audit-head\0${canonicalJson(s)}`);
}

/** The log's head now, signed with this session's key. */
export function signHead(vault: OpenVault, now = new Date()): HeadStatement {
  const head = vault.audit.head();
  if (!head) throw new VaultError('NOT_FOUND', { what: 'audit log' });
  const body: Omit<HeadStatement, 'signature'> = {
    format: 'zhangdun-audit-head',
    version: 1,
    vaultId: vault.vaultId,
    seq: head.seq,
    hash: head.hash,
    at: now.toISOString(),
    signer: vault.signerId,
    rosterVersion: vault.keyFile.body.roster.version,
  };
  return { ...body, signature: vault.sign(statementBytes(body)).toString('base64') };
}

export type HeadCheck =
  | { ok: true; seq: number }
  | { ok: false; reason: 'malformed' | 'other-vault' | 'signature' | 'missing' | 'different'; seq?: number };

/** Whether this vault's log still holds the event the statement names, with the same hash. */
export function checkHead(vault: OpenVault, raw: unknown): HeadCheck {
  const parsed = headStatementSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  const s = parsed.data;
  if (s.vaultId !== vault.vaultId) return { ok: false, reason: 'other-vault' };
  const { signature, ...body } = s;
  // A statement speaks for its signer only (actor = signer).
  const keys = signerKeysFor(vault.keyFile, { signer: s.signer, actorId: s.signer === 'master' ? null : s.signer, rosterVersion: s.rosterVersion });
  if (!keys.some((k) => verifySignature(k, statementBytes(body), Buffer.from(signature, 'base64')))) return { ok: false, reason: 'signature', seq: s.seq };
  const event = vault.repos.audit.bySeq(s.seq);
  if (!event) return { ok: false, reason: 'missing', seq: s.seq };
  if (eventHash(vault.vaultId, event).toString('hex') !== s.hash) return { ok: false, reason: 'different', seq: s.seq };
  return { ok: true, seq: s.seq };
}
