/** 批量: many documents at once, each as its single action (permission, record, audit), failures reported per document. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isVaultError } from '../../../../src/main/core/errors';
import { uniqueEntryNames, zipMethodFor } from '../../../../src/main/core/services/document-archive';
import { changedFields, checkBatchSize } from '../../../../src/main/core/services/document-bulk';
import type { VaultSession } from '../../../../src/main/core/vault/session';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import { MAX_BULK_DOCUMENTS, MAX_BULK_EXPORT_BYTES, bulkChangeSchema, type BulkItem } from '../../../../src/shared/bulk';
import { clientInputSchema, documentFieldsSchema } from '../../../../src/shared/contract';
import type { DocumentMeta } from '../../../../src/shared/domain';
import { flipByte, HEADER_SIZE } from '../../../helpers/tamper';
import { seededRandom } from '../../../helpers/seeded-random';

const pw = (s: string) => Buffer.from(s, 'utf8');
const OWNER = { name: '张所长', password: 'owner password 1' };
const AUDITOR = { name: '赵审计', password: 'auditor password' };

let root: string;
let m: VaultManager;
let s: VaultSession;
let secretClient: string;
let plainClient: string;

async function as(who: { name: string; password: string }): Promise<VaultSession> {
  await m.lock();
  await m.unlock(who.name, pw(who.password));
  return m.session();
}

async function add(session: VaultSession, clientId: string, name: string, bytes: Buffer, fields: Record<string, unknown> = {}): Promise<string> {
  const outcome = await session.documents.importBytes(clientId, name, bytes, documentFieldsSchema.parse({ category: '凭证', ...fields }));
  if (outcome.status !== 'imported') throw new Error(`not imported: ${name}`);
  return outcome.documentId;
}

const items = (session: VaultSession, ids: string[]): BulkItem[] => ids.map((id) => ({ id, rev: session.documents.get(id).rev }));
const events = (session: VaultSession, action: string) => session.audit.listAll({ action: action as never });

const READ_ZIP = `
import json, sys, zipfile, base64
with zipfile.ZipFile(sys.argv[1]) as z:
    assert z.testzip() is None
    print(json.dumps({i.filename: base64.b64encode(z.read(i)).decode() for i in z.infolist()}))
`;
function readZip(path: string): Record<string, Buffer> {
  const raw = JSON.parse(execFileSync('python3', ['-c', READ_ZIP, path], { encoding: 'utf8' })) as Record<string, string>;
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Buffer.from(v, 'base64')]));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-bulk-'));
  m = new VaultManager({ vaultDir: join(root, 'vault') });
  await m.create(OWNER.name, pw(OWNER.password));
  s = m.session();
  await s.staff.add(AUDITOR.name, 'auditor', pw(AUDITOR.password));
  secretClient = s.clients.create(clientInputSchema.parse({ name: '厦门鹭岛机密贸易有限公司', label: 'confidential' })).id;
  plainClient = s.clients.create(clientInputSchema.parse({ name: '福州闽江财税咨询有限公司' })).id;
});
afterAll(async () => {
  await m.lock();
  rmSync(root, { recursive: true, force: true });
});

describe('bulk changes', () => {
  it('changes category, period and tags of each document, one audit event per document with the batch id', async () => {
    const a = await add(s, plainClient, 'a.txt', Buffer.from('a'), { tags: ['待补充', '季度'] });
    const b = await add(s, plainClient, 'b.txt', Buffer.from('b'), { tags: ['季度'] });
    const c = await add(s, plainClient, 'c.txt', Buffer.from('c'), { category: '银行对账单', periodYear: 2024, periodMonth: 3, tags: ['已审核'] });
    const before = events(s, 'doc.update').length;
    const change = bulkChangeSchema.parse({ category: '银行对账单', period: { year: 2024, month: 3 }, addTags: ['已审核'], removeTags: ['待补充', '季度'] });
    const outcome = s.bulk.update(items(s, [a, b, c]), change);
    expect(outcome).toMatchObject({ done: [a, b], unchanged: [c], failed: [] });
    for (const id of [a, b]) expect(s.documents.get(id)).toMatchObject({ category: '银行对账单', periodYear: 2024, periodMonth: 3, tags: ['已审核'], name: id === a ? 'a.txt' : 'b.txt' });
    const recorded = events(s, 'doc.update').slice(before);
    expect(recorded.map((e) => [e.documentId, e.outcome, e.detail])).toEqual([
      [a, 'success', { batch: outcome.batchId }],
      [b, 'success', { batch: outcome.batchId }],
    ]);
    expect(outcome.batchId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('reports a document changed by someone else meanwhile, and still does the others', async () => {
    const a = await add(s, plainClient, 'd.txt', Buffer.from('d'));
    const b = await add(s, plainClient, 'e.txt', Buffer.from('e'));
    const seen = items(s, [a, b]);
    // Someone renames b after the page listed it.
    s.documents.rename(b, 'e-改过.txt');
    const outcome = s.bulk.update([...seen, { id: 'f0'.repeat(16), rev: 1 }], bulkChangeSchema.parse({ period: { year: 2025, month: null } }));
    expect(outcome.done).toEqual([a]);
    expect(outcome.failed.map((f) => [f.id, f.name, f.error.code])).toEqual([
      [b, 'e-改过.txt', 'CONFLICT'],
      ['f0'.repeat(16), null, 'NOT_FOUND'],
    ]);
    expect(outcome.failed[0]!.error.message).toContain('已被修改');
    expect(s.documents.get(b).periodYear).toBeNull();
    expect(s.documents.get(a)).toMatchObject({ periodYear: 2025, periodMonth: null });
  });

  it('trashes and restores in bulk, each audited; restoring needs the trashed revision', async () => {
    const ids = [await add(s, plainClient, 'f.txt', Buffer.from('f')), await add(s, plainClient, 'g.txt', Buffer.from('g'))];
    const trashed = s.bulk.trash(items(s, ids));
    expect(trashed.done).toEqual(ids);
    expect(s.documents.list(plainClient, 'trashed').map((d) => d.id)).toEqual(expect.arrayContaining(ids));
    expect(events(s, 'doc.trash').slice(-2).map((e) => [e.documentId, e.detail])).toEqual(ids.map((id) => [id, { batch: trashed.batchId }]));
    // Trashing again with the old revisions: already changed, nothing recorded.
    const again = s.bulk.trash(ids.map((id) => ({ id, rev: 1 })));
    expect(again.failed.map((f) => f.error.code)).toEqual(['CONFLICT', 'CONFLICT']);
    const restored = s.bulk.restore(items(s, ids));
    expect(restored.done).toEqual(ids);
    expect(s.documents.list(plainClient).map((d) => d.id)).toEqual(expect.arrayContaining(ids));
    expect(events(s, 'doc.restore').slice(-2).map((e) => [e.documentId, e.detail])).toEqual(ids.map((id) => [id, { batch: restored.batchId }]));
  });

  it('caps a batch at 500 documents with a translated error, changing nothing', async () => {
    const id = await add(s, plainClient, 'cap.txt', Buffer.from('cap'));
    const many = [{ id, rev: s.documents.get(id).rev }, ...Array.from({ length: MAX_BULK_DOCUMENTS }, (_, i) => ({ id: i.toString(16).padStart(32, '0'), rev: 1 }))];
    let error: unknown;
    try {
      s.bulk.trash(many);
    } catch (err) {
      error = err;
    }
    expect(isVaultError(error, 'BATCH_TOO_LARGE')).toBe(true);
    expect(s.documents.get(id).status).toBe('active');
    await expect(s.archive.export(many.map((i) => i.id), 'x', async () => join(root, 'never.zip'))).rejects.toSatisfy((e) => isVaultError(e, 'BATCH_TOO_LARGE'));
    expect(() => checkBatchSize(1, MAX_BULK_EXPORT_BYTES + 1)).toThrow('BATCH_TOO_LARGE');
    expect(() => checkBatchSize(MAX_BULK_DOCUMENTS, MAX_BULK_EXPORT_BYTES)).not.toThrow();
  });

  it('adds and removes tags without duplicates, and refuses more than 20 for that document only', () => {
    const doc = { category: '凭证', periodYear: null, periodMonth: null, tags: ['甲', '乙'], notes: '备注' } as unknown as DocumentMeta;
    expect(changedFields(doc, bulkChangeSchema.parse({ addTags: ['乙', '丙'], removeTags: ['甲'] }))).toEqual({ category: '凭证', periodYear: null, periodMonth: null, tags: ['乙', '丙'], notes: '备注' });
    expect(changedFields(doc, bulkChangeSchema.parse({ addTags: ['甲'] }))).toBeNull();
    const many = Array.from({ length: 19 }, (_, i) => `t${i}`);
    expect(() => changedFields(doc, bulkChangeSchema.parse({ addTags: many }))).toThrow('INVALID_INPUT');
    expect(bulkChangeSchema.safeParse({}).success).toBe(false);
    expect(bulkChangeSchema.safeParse({ period: { year: null, month: 3 } }).success).toBe(false);
  });
});

describe('bulk export', () => {
  const rng = seededRandom(16);

  it('one reason for a confidential batch, recorded in each document event; the zip reads back byte-identical', async () => {
    const files = [
      { name: '2024年03月 银行对账单.pdf', bytes: rng.bytes(200_000) },
      { name: '工资表.csv', bytes: Buffer.from('姓名,金额\n张三,8000\n'.repeat(500), 'utf8') },
      { name: '工资表.csv', bytes: Buffer.from('第二份同名文件', 'utf8') },
      { name: '空.txt', bytes: Buffer.from('x') },
    ];
    const ids: string[] = [];
    for (const f of files) ids.push(await add(s, secretClient, f.name, f.bytes, { category: `c${ids.length}` }));
    const out = mkdtempSync(join(root, 'out-'));
    const target = join(out, 'batch.zip');
    let asked = 0;
    const pick = async (name: string) => {
      asked++;
      expect(name).toMatch(/^厦门鹭岛机密贸易有限公司 资料 \d{4}-\d{2}-\d{2}\.zip$/);
      return target;
    };

    await expect(s.archive.export(ids, '  ', pick)).rejects.toSatisfy((e) => isVaultError(e, 'REASON_REQUIRED'));
    expect(asked).toBe(0);

    const before = events(s, 'doc.export').length;
    const result = await s.archive.export(ids, '年度审计', pick);
    if (result.cancelled) throw new Error('cancelled');
    expect(result).toMatchObject({ path: target, exported: 4, failed: [] });
    const zip = readZip(target);
    expect(Object.keys(zip)).toEqual(['2024年03月 银行对账单.pdf', '工资表.csv', '工资表 (2).csv', '空.txt']);
    for (const [i, name] of Object.keys(zip).entries()) expect(zip[name]!.equals(files[i]!.bytes), name).toBe(true);
    // Nothing else left beside it (no half-written archive).
    expect(readdirSync(out)).toEqual(['batch.zip']);

    const recorded = events(s, 'doc.export').slice(before);
    expect(recorded.map((e) => [e.documentId, e.outcome, e.detail])).toEqual(ids.map((id) => [id, 'success', { reason: '年度审计', batch: result.batchId }]));
  });

  it('a cancelled dialog writes and records nothing', async () => {
    const id = await add(s, plainClient, 'h.txt', Buffer.from('h'));
    const before = events(s, 'doc.export').length;
    expect(await s.archive.export([id], '', async () => null)).toEqual({ cancelled: true });
    expect(events(s, 'doc.export').length).toBe(before);
  });

  it('leaves a damaged document out, reports it and records its failure; the others are exported', async () => {
    const good = await add(s, plainClient, 'good.bin', rng.bytes(150_000));
    const bad = await add(s, plainClient, 'bad.bin', rng.bytes(150_000));
    const blobId = s.vault.repos.documentRecords.byId(bad)!.blobId;
    // The second chunk is damaged: the first already went into the archive before the damage shows.
    flipByte(s.vault.blobs.pathFor(blobId), HEADER_SIZE + 64 * 1024 + 16 + 10, 0x40);
    const out = mkdtempSync(join(root, 'out-'));
    const target = join(out, 'partial.zip');
    const result = await s.archive.export([bad, good], '', async () => target);
    if (result.cancelled) throw new Error('cancelled');
    expect(result.exported).toBe(1);
    expect(result.failed.map((f) => [f.id, f.name, f.error.code])).toEqual([[bad, 'bad.bin', 'TAMPERED']]);
    expect(Object.keys(readZip(target))).toEqual(['good.bin']);
    expect(events(s, 'doc.export').slice(-3).map((e) => [e.documentId, e.outcome, e.detail.code ?? null])).toEqual([
      [bad, 'success', null],
      [bad, 'failure', 'TAMPERED'],
      [good, 'success', null],
    ]);
    expect(readdirSync(out)).toEqual(['partial.zip']);
  });

  it('a lock during the export removes the half-written archive and records the failure', async () => {
    const out = mkdtempSync(join(root, 'out-'));
    const ids = [await add(s, plainClient, 'lock-a.bin', rng.bytes(300_000)), await add(s, plainClient, 'lock-b.bin', rng.bytes(300_000))];
    s.abort.abort();
    await expect(s.archive.export(ids, '', async () => join(out, 'locked.zip'))).rejects.toSatisfy((e) => isVaultError(e, 'CANCELLED'));
    expect(readdirSync(out)).toEqual([]);
    expect(events(s, 'doc.export').slice(-2).map((e) => [e.documentId, e.outcome, e.detail.code])).toEqual([
      [ids[0], 'success', undefined],
      [ids[0], 'failure', 'CANCELLED'],
    ]);
    s = await as(OWNER);
  });

  it('an auditor may neither change nor export: refused per document, one denial recorded per client, no dialog', async () => {
    const ids = [await add(s, plainClient, 'i.txt', Buffer.from('i')), await add(s, plainClient, 'j.txt', Buffer.from('j'))];
    await s.access.grant(plainClient, s.staff.list().find((x) => x.name === AUDITOR.name)!.id);
    const seen = items(s, ids);
    const auditor = await as(AUDITOR);
    const outcome = auditor.bulk.update(seen, bulkChangeSchema.parse({ category: '合同' }));
    expect(outcome.done).toEqual([]);
    expect(outcome.failed.map((f) => f.error.code)).toEqual(['PERMISSION_DENIED', 'PERMISSION_DENIED']);
    expect(auditor.bulk.trash(seen).failed.map((f) => f.error.code)).toEqual(['PERMISSION_DENIED', 'PERMISSION_DENIED']);
    let asked = false;
    await expect(
      auditor.archive.export(ids, '审计', async () => {
        asked = true;
        return join(root, 'auditor.zip');
      }),
    ).rejects.toSatisfy((e) => isVaultError(e, 'PERMISSION_DENIED'));
    expect(asked).toBe(false);
    const denied = auditor.audit.listAll({ outcome: 'denied' }).slice(-3);
    expect(denied.map((e) => [e.action, e.clientId])).toEqual([
      ['doc.update', plainClient],
      ['doc.trash', plainClient],
      ['doc.export', plainClient],
    ]);
    s = await as(OWNER);
    expect(s.documents.get(ids[0]!).category).toBe('凭证');
  });
});

describe('archive entries', () => {
  it('names each entry once, safely, whatever the case', () => {
    expect(uniqueEntryNames(['发票.pdf', '发票.pdf', 'A.TXT', 'a.txt', 'CON', 'x/y.pdf', '发票.pdf'])).toEqual([
      '发票.pdf',
      '发票 (2).pdf',
      'A.TXT',
      'a (2).txt',
      '_CON',
      'x_y.pdf',
      '发票 (3).pdf',
    ]);
  });

  it('stores what is compressed already and deflates the rest', () => {
    expect(zipMethodFor('image/jpeg')).toBe('store');
    expect(zipMethodFor('application/pdf')).toBe('store');
    expect(zipMethodFor('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe('store');
    expect(zipMethodFor('text/csv')).toBe('deflate');
    expect(zipMethodFor('application/octet-stream')).toBe('deflate');
  });
});
