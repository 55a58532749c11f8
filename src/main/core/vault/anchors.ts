import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { canonicalJson } from '../crypto/canonical-json';
import { writeFileDurable } from '../fs/durable';
import { wipe } from '../keys/keyring';
import { vaultStateDir } from './state-dir';

/**
 * What a person last saw of a vault, kept in their own profile (not in the
 * vault folder): the roster version, the audit head, and the epoch (the line
 * of history, renewed by a restore). An unlock that finds the vault older
 * than this was rolled back. The anchor is authenticated with a key only
 * that person holds, so nobody else can write one for them.
 *
 * Beside it, trust.json pins the vault's identity (the first master signing
 * key) the first time anyone opens it under this profile: a vault.key
 * re-signed with someone's own keys is refused afterwards.
 */
export const anchorSchema = z
  .object({
    vaultId: z.string(),
    holder: z.string(),
    epoch: z.string(),
    rosterVersion: z.number().int(),
    audit: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
    at: z.string(),
    mac: z.string(),
  })
  .strict();

export type Anchor = z.infer<typeof anchorSchema>;
export type AnchorFields = Omit<Anchor, 'mac' | 'vaultId' | 'holder'>;

const trustSchema = z.object({ vaultId: z.string(), root: z.string(), pinnedAt: z.string() }).strict();
export type Trust = z.infer<typeof trustSchema>;

function anchorPath(stateDir: string, vaultId: string, holder: string): string {
  return join(vaultStateDir(stateDir, vaultId), `anchor-${holder}.json`);
}

function macKey(secret: Buffer | string, vaultId: string, holder: string): Buffer {
  const ikm = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  try {
    return Buffer.from(hkdfSync('sha256', ikm, Buffer.from(vaultId, 'hex'), `zhangdun/v3/anchor\0${holder}`, 32));
  } finally {
    if (typeof secret === 'string') wipe(ikm);
  }
}

function macOf(key: Buffer, anchor: Omit<Anchor, 'mac'>): string {
  return createHmac('sha256', key).update(canonicalJson(anchor)).digest('hex');
}

export type AnchorRead = { state: 'none' } | { state: 'forged' } | { state: 'ok'; anchor: Anchor };

/** This person's anchor for the vault: none yet, one that does not authenticate (edited by someone else), or a good one. */
export async function readAnchor(stateDir: string, vaultId: string, holder: string, secret: Buffer | string): Promise<AnchorRead> {
  let text: string;
  try {
    text = await fsp.readFile(anchorPath(stateDir, vaultId, holder), 'utf8');
  } catch {
    return { state: 'none' };
  }
  let parsed: Anchor;
  try {
    parsed = anchorSchema.parse(JSON.parse(text));
  } catch {
    return { state: 'forged' };
  }
  const key = macKey(secret, vaultId, holder);
  try {
    const { mac, ...fields } = parsed;
    const expected = Buffer.from(macOf(key, fields), 'hex');
    const given = Buffer.from(mac, 'hex');
    if (parsed.vaultId !== vaultId || parsed.holder !== holder || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { state: 'forged' };
    }
    return { state: 'ok', anchor: parsed };
  } finally {
    wipe(key);
  }
}

export async function writeAnchor(stateDir: string, vaultId: string, holder: string, secret: Buffer | string, fields: AnchorFields): Promise<void> {
  const key = macKey(secret, vaultId, holder);
  try {
    const body = { vaultId, holder, ...fields };
    const anchor: Anchor = { ...body, mac: macOf(key, body) };
    await fsp.mkdir(vaultStateDir(stateDir, vaultId), { recursive: true, mode: 0o700 });
    await writeFileDurable(anchorPath(stateDir, vaultId, holder), `${JSON.stringify(anchor, null, 2)}\n`);
  } finally {
    wipe(key);
  }
}

function trustPath(stateDir: string, vaultId: string): string {
  return join(vaultStateDir(stateDir, vaultId), 'trust.json');
}

export async function readTrust(stateDir: string, vaultId: string): Promise<Trust | null> {
  try {
    const trust = trustSchema.parse(JSON.parse(await fsp.readFile(trustPath(stateDir, vaultId), 'utf8')));
    return trust.vaultId === vaultId ? trust : null;
  } catch {
    return null;
  }
}

/** Pins the vault's identity for this profile (the first time it is opened here). */
export async function pinTrust(stateDir: string, vaultId: string, root: Buffer, now = new Date()): Promise<void> {
  await fsp.mkdir(vaultStateDir(stateDir, vaultId), { recursive: true, mode: 0o700 });
  const trust: Trust = { vaultId, root: root.toString('base64'), pinnedAt: now.toISOString() };
  await writeFileDurable(trustPath(stateDir, vaultId), `${JSON.stringify(trust, null, 2)}\n`);
}
