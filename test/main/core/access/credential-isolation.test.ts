/**
 * Issue 13's isolation check, extended to credentials (issue 17): two clients
 * each hold a credential with a distinct marker in every field — title,
 * login, address, bound phone, notes, custom fields, password, PIN,
 * certificate password, TOTP seed, an old password in the history, and an
 * attached certificate's name and bytes. Accountant A is granted X only.
 * With a copy of the folder and their own password, A reads none of Y's
 * markers by any path (inspect, services, search), and no file of the folder
 * holds any marker of either as UTF-8 or UTF-16. The owner reads all of them
 * (the positive control).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isVaultError } from '../../../../src/main/core/errors';
import { inspectVault } from '../../../../src/main/core/inspect/inspect-vault';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import type { VaultSession } from '../../../../src/main/core/vault/session';
import { clientInputSchema } from '../../../../src/shared/contract';
import { credentialInputSchema } from '../../../../src/shared/credential-schemas';
import { scanTree, textNeedles } from '../../../helpers/byte-scan';

const pw = (s: string) => Buffer.from(s, 'utf8');

/** Markers for one client's credential; the TOTP seed is base32 (its own marker). */
function credentialMarkers(tag: string, seed: string, totp: string) {
  return {
    title: `${tag}账号标题标记`,
    login: `${tag}-login-marker-${seed}`,
    url: `https://${seed}.marker.example/${tag}`,
    phone: `137${seed}`,
    notes: `${tag}账号备注标记`,
    customName: `${tag}自定义字段名标记`,
    customValue: `${tag}自定义字段值标记`,
    customSecret: `${tag}自定义密文标记${seed}`,
    password: `${tag}密码标记-Pw-${seed}`,
    oldPassword: `${tag}旧密码标记-Old-${seed}`,
    pin: `${seed.slice(0, 6)}9`,
    certPassword: `${tag}证书密码标记-${seed}`,
    totp,
    certName: `${tag}证书文件名标记.pfx`,
    certBytes: `${tag}证书内容标记-PFX-${seed}`,
  };
}

const X = credentialMarkers('客户甲', '41002233', 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U');
const Y = credentialMarkers('客户乙', '52009977', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
/** What lists and inspect may show to whoever holds the client (everything but secret values). */
const PLAIN: (keyof typeof X)[] = ['title', 'login', 'url', 'phone', 'notes', 'customName', 'customValue', 'certName'];
const SECRET: (keyof typeof X)[] = ['password', 'oldPassword', 'pin', 'certPassword', 'totp', 'customSecret', 'certBytes'];

let root: string;
let vaultDir: string;
let m: VaultManager;
const creds: Record<'X' | 'Y', string> = { X: '', Y: '' };
const clients: Record<'X' | 'Y', string> = { X: '', Y: '' };

async function as(name: string, password: string): Promise<VaultSession> {
  await m.lock();
  await m.unlock(name, pw(password));
  return m.session();
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-cred-iso-'));
  vaultDir = join(root, 'vault');
  m = new VaultManager({ vaultDir });
  await m.create('王所长', pw('owner password 1'));
  const s = m.session();
  const a = await s.staff.add('会计甲', 'accountant', pw('accountant a pw'));
  for (const [label, mk] of [['X', X], ['Y', Y]] as const) {
    const clientId = s.clients.create(clientInputSchema.parse({ name: `${label}号客户有限公司`, label: 'secret' })).id;
    clients[label] = clientId;
    const base = {
      kind: 'other',
      title: mk.title,
      login: mk.login,
      url: mk.url,
      phone: mk.phone,
      notes: mk.notes,
      custom: [
        { name: mk.customName, value: mk.customValue, secret: false },
        { name: '验证问题', value: mk.customSecret, secret: true },
      ],
      totp: mk.totp,
    };
    const c = s.credentials.create(clientId, credentialInputSchema.parse({ ...base, secrets: { password: mk.oldPassword, pin: mk.pin, certPassword: mk.certPassword } }));
    s.credentials.update(c.id, credentialInputSchema.parse({ ...base, secrets: { password: mk.password } }));
    s.credentials.attachCertificate(c.id, mk.certName, Buffer.from(mk.certBytes, 'utf8'));
    creds[label] = c.id;
  }
  await s.access.grant(clients.X, a.id);
  await m.lock();
  // A opens once (their view is made), then the folder is what they carry out.
  await m.unlock('会计甲', pw('accountant a pw'));
  await m.lock();
}, 120_000);

afterAll(async () => {
  await m.close();
  rmSync(root, { recursive: true, force: true });
});

const values = (mk: typeof X, keys: (keyof typeof X)[]) => keys.map((k) => mk[k]);

describe('credentials exist only for those granted the client', () => {
  it('accountant A reads every plain field of X and none of Y through inspect; secrets show only as opening', async () => {
    const s = await as('会计甲', 'accountant a pw');
    const report = JSON.stringify(await inspectVault(s.vault));
    await m.lock();
    for (const marker of Object.values(Y)) expect(report.includes(marker), `Y marker ${marker}`).toBe(false);
    for (const marker of values(X, PLAIN)) expect(report.includes(marker), `X marker ${marker}`).toBe(true);
    for (const marker of values(X, SECRET)) expect(report.includes(marker), `X secret ${marker}`).toBe(false);
    expect(report).toContain('<sealed>');
  });

  it('accountant A cannot list, get, reveal, copy, TOTP, export or find Y’s credential', async () => {
    const s = await as('会计甲', 'accountant a pw');
    const refused = async (fn: () => unknown) => {
      try {
        await fn();
        return 'allowed';
      } catch (e) {
        return isVaultError(e) ? e.code : String(e);
      }
    };
    expect(await refused(() => s.credentials.list(clients.Y))).toBe('NOT_FOUND');
    expect(await refused(() => s.credentials.get(creds.Y))).toBe('NOT_FOUND');
    expect(await refused(() => s.credentials.reveal(creds.Y, { secret: 'password' }))).toBe('NOT_FOUND');
    expect(await refused(() => s.credentials.secretForCopy(creds.Y, { secret: 'pin' }))).toBe('NOT_FOUND');
    expect(await refused(() => s.credentials.totp(creds.Y))).toBe('NOT_FOUND');
    expect(await refused(() => s.credentials.certificateForExport(creds.Y, '理由'))).toBe('NOT_FOUND');
    expect(s.search.search(Y.title.slice(0, 6)).credentials).toEqual([]);
    expect(s.credentials.expiring(90).concat(s.credentials.rotationList()).some((c) => c.id === creds.Y)).toBe(false);
    // Their own client's secrets open for them (the grant works).
    expect(s.credentials.reveal(creds.X, { secret: 'password' }).value).toBe(X.password);
    await m.lock();
  });

  it('the owner reads every marker of both (positive control)', async () => {
    const s = await as('王所长', 'owner password 1');
    const report = JSON.stringify(await inspectVault(s.vault));
    for (const [label, mk] of [['X', X], ['Y', Y]] as const) {
      for (const marker of values(mk, PLAIN)) expect(report.includes(marker), marker).toBe(true);
      const id = creds[label];
      expect(s.credentials.reveal(id, { secret: 'password' }).value).toBe(mk.password);
      expect(s.credentials.reveal(id, { secret: 'pin' }).value).toBe(mk.pin);
      expect(s.credentials.reveal(id, { secret: 'certPassword' }).value).toBe(mk.certPassword);
      expect(s.credentials.reveal(id, { history: 0 }).value).toBe(mk.oldPassword);
      expect(s.credentials.reveal(id, { custom: 1 }).value).toBe(mk.customSecret);
      expect(s.credentials.certificateForExport(id, '核对').bytes.toString('utf8')).toBe(mk.certBytes);
      expect(s.credentials.totp(id).code).toMatch(/^\d{6}$/);
    }
    await m.lock();
  });

  it('no file in the folder (or a copy of it) holds any marker of either client, as UTF-8 or UTF-16', async () => {
    const copy = join(root, 'copy');
    cpSync(vaultDir, copy, { recursive: true });
    const needles = [...Object.values(X), ...Object.values(Y)].flatMap((v, i) => textNeedles(`marker ${i}`, v, ['utf8', 'utf16le']));
    expect(await scanTree(copy, needles)).toEqual([]);
  });
});
