/**
 * 对外分享: a package an outside party opens with standard tools (Debian's age, tar, poppler),
 * watermarked where it can be, with its index; the register sealed under the client's key;
 * refused without a grant; audited and in the client's access report.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_PASSPHRASE, decryptWithPassphrase, untar } from '../../../helpers/age-package';
import { isVaultError } from '../../../../src/main/core/errors';
import { writePng } from '../../../../src/main/core/demo/png-writer';
import { writePdf } from '../../../../src/main/core/reports/pdf-writer';
import { reportFont } from '../../../../src/main/core/reports/report-font';
import { openShare } from '../../../../src/main/core/shares/share-seal';
import { ShareService } from '../../../../src/main/core/shares/share-service';
import type { VaultSession } from '../../../../src/main/core/vault/session';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import { clientInputSchema, documentFieldsSchema } from '../../../../src/shared/contract';
import type { ShareCreateRequest } from '../../../../src/shared/shares';

const pw = (s: string) => Buffer.from(s, 'utf8');
const OWNER = { name: '张所长', password: 'owner password 1' };
const CLERK = { name: '李会计', password: 'clerk password 1' };
const NOW = new Date('2026-03-10T09:00:00+08:00');
const RECIPIENT = '厦门某会计师事务所';

let root: string;
let m: VaultManager;
let s: VaultSession;
let clientId: string;
let otherClient: string;
let docs: { pdf: string; png: string; jpeg: string; txt: string };
let pngBytes: Buffer;

async function as(who: { name: string; password: string }): Promise<VaultSession> {
  await m.lock();
  await m.unlock(who.name, pw(who.password));
  return m.session();
}

async function add(session: VaultSession, client: string, name: string, bytes: Buffer): Promise<string> {
  const outcome = await session.documents.importBytes(client, name, bytes, documentFieldsSchema.parse({ category: '凭证' }));
  if (outcome.status !== 'imported') throw new Error(`not imported: ${name}`);
  return outcome.documentId;
}

const shares = (session: VaultSession) => new ShareService(session.vault, session.documents, () => NOW, 10);

function request(over: Partial<ShareCreateRequest> = {}): ShareCreateRequest {
  return {
    clientId,
    documentIds: [docs.pdf, docs.png, docs.jpeg, docs.txt],
    recipient: RECIPIENT,
    purpose: '2025 年度审计',
    until: '2026-04-30',
    encryption: { kind: 'passphrase' },
    ...over,
  };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-shares-'));
  m = new VaultManager({ vaultDir: join(root, 'vault') });
  await m.create(OWNER.name, pw(OWNER.password));
  s = m.session();
  await s.staff.add(CLERK.name, 'accountant', pw(CLERK.password));
  clientId = s.clients.create(clientInputSchema.parse({ name: '厦门鹭岛贸易有限公司' })).id;
  otherClient = s.clients.create(clientInputSchema.parse({ name: '福州闽江咨询有限公司' })).id;
  const pdf = writePdf(
    [1, 2, 3].map((n) => ({ texts: [{ x: 60, y: 760, size: 14, text: `资产负债表 第 ${n} 页` }], lines: [] })),
    '资产负债表',
    undefined,
    reportFont(),
  );
  pngBytes = writePng(600, 400, (x, y) => [200 + ((x + y) % 40), 210, 220]);
  const jpeg = encodeJpeg({ width: 320, height: 240, data: Buffer.alloc(320 * 240 * 4, 230) }, 90).data;
  docs = {
    pdf: await add(s, clientId, '资产负债表 2025.pdf', pdf),
    png: await add(s, clientId, '发票照片.png', pngBytes),
    jpeg: await add(s, clientId, 'receipt.jpg', jpeg),
    txt: await add(s, clientId, '说明.txt', Buffer.from('纯文本，不加水印\n', 'utf8')),
  };
}, 60_000);
afterAll(async () => {
  await m.lock();
  rmSync(root, { recursive: true, force: true });
});

describe('a passphrase package', () => {
  let dir: string;
  let result: Awaited<ReturnType<ShareService['create']>>;
  beforeAll(async () => {
    const target = join(root, 'p.tar.age');
    let offered = '';
    result = await shares(s).create(request(), async (name) => {
      offered = name;
      return target;
    });
    expect(offered).toBe('厦门鹭岛贸易有限公司 分享给 厦门某会计师事务所 2026-03-10.tar.age');
    if (result.cancelled) throw new Error('cancelled');
    dir = untar(root, await decryptWithPassphrase(target, result.passphrase!));
  }, 60_000);

  it('is encrypted to a strong generated passphrase returned once and stored nowhere', () => {
    if (result.cancelled) throw new Error('cancelled');
    expect(result.passphrase).toMatch(PACKAGE_PASSPHRASE);
    expect(readFileSync(join(root, 'p.tar.age')).subarray(0, 40).toString('latin1')).toContain('age-encryption.org/v1\n-> scrypt');
    expect(JSON.stringify(s.shares.list(clientId))).not.toContain(result.passphrase!);
    expect(readdirSync(root).filter((f) => f.includes('zdpart'))).toEqual([]);
  });

  it('has an index naming recipient, purpose, expiry and each file with its SHA-256 and watermark', () => {
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { recipient: string; until: string; purpose: string; files: { name: string; sha256: string; watermarked: boolean }[] };
    expect(index).toMatchObject({ format: 'zhangdun-share/1', recipient: RECIPIENT, purpose: '2025 年度审计', until: '2026-04-30', clientName: '厦门鹭岛贸易有限公司', sender: OWNER.name });
    expect(index.files.map((f) => [f.name, f.watermarked])).toEqual([
      ['files/资产负债表 2025.pdf', true],
      ['files/发票照片.png', true],
      ['files/receipt.jpg', true],
      ['files/说明.txt', false],
    ]);
    for (const f of index.files) expect(execFileSync('sha256sum', [join(dir, f.name)], { encoding: 'utf8' }).split(' ')[0]).toBe(f.sha256);
    const text = readFileSync(join(dir, '索引.txt'), 'utf8');
    expect(text).toContain(`接收方 Recipient：${RECIPIENT}`);
    expect(text).toContain('有效期至 Valid until：2026-04-30');
    expect(text).toContain('无法收回');
    expect(text).toMatch(/说明\.txt .*\[无水印 no watermark\]/);
    expect(readFileSync(join(dir, 'files/说明.txt'), 'utf8')).toBe('纯文本，不加水印\n');
  });

  it('stamps every page of the PDF with the recipient and date (poppler reads it on each page)', () => {
    const pdf = join(dir, 'files/资产负债表 2025.pdf');
    for (const page of [1, 2, 3]) {
      const text = execFileSync('pdftotext', ['-f', String(page), '-l', String(page), pdf, '-'], { encoding: 'utf8' });
      expect(text).toContain(`资产负债表 第 ${page} 页`);
      expect(text).toContain(`仅供 ${RECIPIENT} 使用 · 2026-03-10 · 账盾`);
    }
  });

  it('stamps the image pixels where the watermark is and leaves the rest', () => {
    const before = PNG.sync.read(pngBytes);
    const after = PNG.sync.read(readFileSync(join(dir, 'files/发票照片.png')));
    expect([after.width, after.height]).toEqual([before.width, before.height]);
    const differ = (y0: number, y1: number) => {
      let n = 0;
      for (let y = y0; y < y1; y++) for (let x = 0; x < before.width; x++) if (before.data[(y * before.width + x) * 4] !== after.data[(y * before.width + x) * 4]) n++;
      return n;
    };
    // Rows of text across the middle; the top and bottom strips untouched.
    expect(differ(190, 210)).toBeGreaterThan(1000);
    expect(differ(0, 40)).toBe(0);
    expect(differ(360, 400)).toBe(0);
    // Dark glyph pixels, not only a lightened band.
    let dark = 0;
    for (let i = 0; i < after.data.length; i += 4) if ((after.data[i] ?? 255) < 150) dark++;
    expect(dark).toBeGreaterThan(500);
  });
});

it('a package to an age recipient opens with Debian’s age and tar', async () => {
  const key = join(root, 'partner.key');
  execFileSync('age-keygen', ['-o', key], { stdio: 'ignore' });
  const recipient = /public key: (age1\S+)/.exec(readFileSync(key, 'utf8'))![1]!;
  const target = join(root, 'r.tar.age');
  const result = await shares(s).create(request({ documentIds: [docs.pdf, docs.txt], encryption: { kind: 'recipient', recipient } }), async () => target);
  if (result.cancelled) throw new Error('cancelled');
  expect(result.passphrase).toBeNull();
  const tar = execFileSync('age', ['-d', '-i', key, target]);
  const listing = execFileSync('tar', ['-t'], { input: tar, encoding: 'utf8' }).trim().split('\n');
  expect(listing).toEqual(['files/资产负债表 2025.pdf', 'files/说明.txt', '索引.txt', 'index.json']);
  const index = JSON.parse(execFileSync('tar', ['-xO', 'index.json'], { input: tar, encoding: 'utf8' })) as { recipient: string; until: string };
  expect(index).toMatchObject({ recipient: RECIPIENT, until: '2026-04-30' });
  expect(s.shares.list(clientId).find((e) => e.id === result.share.id)).toMatchObject({ encryption: 'recipient', ageRecipient: recipient });
});

it('keeps a register entry sealed under the client key, audited and in the access report', async () => {
  const result = await shares(s).create(request({ documentIds: [docs.txt], recipient: '国家税务总局厦门市税务局', purpose: '稽查调取' }), async () => join(root, 'tax.tar.age'));
  if (result.cancelled) throw new Error('cancelled');
  const entry = s.shares.list(clientId).find((e) => e.id === result.share.id);
  expect(entry).toMatchObject({ recipient: '国家税务总局厦门市税务局', purpose: '稽查调取', until: '2026-04-30', createdBy: { name: OWNER.name } });
  expect(entry!.files).toHaveLength(1);

  const row = s.vault.repos.shares.byClient(clientId).find((r) => r.id === result.share.id)!;
  expect(row.body.includes(Buffer.from('国家税务总局'))).toBe(false);
  const version = s.vault.view.clients.byId(clientId)!.keyVersion;
  expect(openShare(s.vault.clientKeys.key(clientId, version)!, row).recipient).toBe('国家税务总局厦门市税务局');
  const otherKey = s.vault.clientKeys.key(otherClient, s.vault.view.clients.byId(otherClient)!.keyVersion)!;
  expect(() => openShare(otherKey, row)).toThrow(expect.objectContaining({ code: 'TAMPERED' }));
  // Moved to another client's rows, it does not open either (the client is bound in).
  expect(() => openShare(otherKey, { ...row, clientId: otherClient })).toThrow(expect.objectContaining({ code: 'TAMPERED' }));

  const event = s.audit.listAll({ action: 'share.create' as never }).find((e) => e.detail.share === result.share.id);
  expect(event).toMatchObject({ outcome: 'success', clientId, detail: { to: '国家税务总局厦门市税务局', reason: '稽查调取', until: '2026-04-30', documents: 1, encryption: 'passphrase' } });
  const report = s.reports.accessReport(clientId);
  const inReport = report.entries.find((e) => e.action === 'share.create' && e.detail.share === result.share.id);
  expect(inReport).toMatchObject({ reason: '稽查调取' });
  expect(inReport!.details).toContain('分享给：国家税务总局厦门市税务局');
});

it('refuses an expiry before today, another client’s document, and cancels without writing or recording', async () => {
  const before = s.audit.listAll({ action: 'share.create' as never }).length;
  const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (isVaultError(e) ? e.code : String(e)));
  expect(await code(shares(s).create(request({ until: '2026-03-09' }), async () => join(root, 'x')))).toBe('INVALID_INPUT');
  const foreign = await add(s, otherClient, 'x.txt', Buffer.from('x'));
  expect(await code(shares(s).create(request({ documentIds: [docs.txt, foreign] }), async () => join(root, 'x')))).toBe('NOT_FOUND');
  expect(await shares(s).create(request(), async () => null)).toEqual({ cancelled: true });
  expect(s.audit.listAll({ action: 'share.create' as never }).length).toBe(before);
});

it('refuses an accountant without a grant (recorded as denied), lets one with a grant share, and the register survives the key rotation of a revoke', async () => {
  const clerkId = s.staff.list().find((x) => x.name === CLERK.name)!.id;
  let c = await as(CLERK);
  let asked = false;
  const refused = await shares(c)
    .create(request(), async () => {
      asked = true;
      return join(root, 'no.tar.age');
    })
    .then(() => 'ok', (e: unknown) => (isVaultError(e) ? e.code : String(e)));
  expect(refused).toBe('NOT_FOUND');
  expect(asked).toBe(false);
  expect(() => c.shares.list(clientId)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  s = await as(OWNER);
  expect(s.audit.listAll({ action: 'share.create' as never }).some((e) => e.outcome === 'denied' && e.staffName === CLERK.name)).toBe(true);

  await s.access.grant(clientId, clerkId);
  c = await as(CLERK);
  const shared = await shares(c).create(request({ documentIds: [docs.txt] }), async () => join(root, 'clerk.tar.age'));
  expect(shared.cancelled).toBe(false);
  const count = c.shares.list(clientId).length;

  s = await as(OWNER);
  const before = s.vault.view.clients.byId(clientId)!.keyVersion;
  await s.access.revoke(clientId, clerkId);
  expect(s.vault.view.clients.byId(clientId)!.keyVersion).toBe(before + 1);
  const after = s.shares.list(clientId);
  expect(after).toHaveLength(count);
  expect(s.vault.repos.shares.byClient(clientId).every((r) => r.keyVersion === before + 1)).toBe(true);
}, 60_000);
