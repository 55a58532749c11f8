import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractingReader } from '../../../src/main/core/extract/content-reader';
import { TextExtractor } from '../../../src/main/core/extract/extract-runner';
import { VaultManager } from '../../../src/main/core/vault/vault-manager';
import { registerHandlers } from '../../../src/main/ipc/handlers';
import { IpcRouter } from '../../../src/main/ipc/router';
import type { StaffInfo } from '../../../src/shared/access';
import type { ImportProposal } from '../../../src/shared/document-guess';
import type { ClientDetail, DocumentMeta, ImportOutcome, PickedBatch, PickedFile } from '../../../src/shared/domain';
import { routerCalls } from '../../helpers/router-calls';
import { toUnicodePdf } from '../../helpers/pdf-builder';

/** 导入文件 / 导入文件夹 through the real router: pick (token), proposals by path, import with each file's own filing. */
let dir: string;
let files: string;
let manager: VaultManager;
let router: IpcRouter;
let extractor: TextExtractor;
let clientId: string;
let otherClientId: string;
const answer: { files: string[] | null; folder: string | null } = { files: null, folder: null };
const { call, failure } = routerCalls(() => router);

type Picked = Extract<PickedBatch, { cancelled: false }>;
/** One file's filing as the import dialog sends it. */
type FileOverride = { category: string | null; periodYear: number | null; periodMonth: number | null };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zd-ipc-picked-'));
  files = join(dir, 'files');
  mkdirSync(files);
  extractor = new TextExtractor();
  manager = new VaultManager({ vaultDir: join(dir, 'vault'), contentReader: new ExtractingReader(extractor, null) });
  router = new IpcRouter({ isTrusted: () => true, locale: () => 'zh-CN' });
  registerHandlers(router, {
    manager,
    appInfo: { version: '0', platform: 'linux' },
    dialogs: { pickFiles: async () => answer.files, pickFolder: async () => answer.folder, pickSaveTarget: async () => null },
  });
  await call('vaultCreate', { staffName: '张所长', password: 'owner password 1' });
  clientId = (await call<ClientDetail>('clientCreate', { name: '福州闽江财税咨询有限公司', label: 'internal' })).id;
  otherClientId = (await call<ClientDetail>('clientCreate', { name: '厦门鹭岛贸易有限公司', label: 'internal' })).id;
});
afterAll(async () => {
  await manager.close();
  await extractor.close();
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Buffer): string {
  const path = join(files, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

async function pickFiles(paths: string[], client = clientId): Promise<Picked> {
  answer.files = paths;
  const picked = await call<PickedBatch>('docPickFiles', { clientId: client, mode: 'files' });
  if (picked.cancelled) throw new Error('cancelled');
  return picked;
}

const none: FileOverride = { category: null, periodYear: null, periodMonth: null };

describe('picked imports', () => {
  it('shows names and sizes, never paths; a cancelled dialog holds nothing', async () => {
    const picked = await pickFiles([write('银行对账单-2024-03.pdf', '%PDF-1.4 x'), write('合同.docx', 'not really a docx')]);
    expect(picked.files).toEqual<PickedFile[]>([
      { name: '银行对账单-2024-03.pdf', folder: '', size: 10 },
      { name: '合同.docx', folder: '', size: 17 },
    ]);
    expect(JSON.stringify(picked)).not.toContain(files);
    answer.files = null;
    expect(await call<PickedBatch>('docPickFiles', { clientId, mode: 'files' })).toEqual({ cancelled: true });
  });

  it('proposes from each picked file by the rule a dropped file follows: the name, else the words read from disk', async () => {
    const statement = toUnicodePdf(['中国建设银行 单位账户对账单', '对账期间：2024年02月01日至2024年02月29日']);
    const picked = await pickFiles([write('银行对账单-2024-03.pdf', '%PDF-1.4 x'), write('scan0001.pdf', statement), write('合同.docx', 'x'), write('IMG_0001.jpg', 'x')]);
    const propose = (index: number) => call<ImportProposal>('docPickPropose', { clientId, token: picked.token, index });
    expect(await propose(0)).toMatchObject({ period: { year: 2024, month: 3, source: 'name' }, category: { category: '银行对账单', source: 'name' } });
    expect(await propose(1)).toMatchObject({ period: { year: 2024, month: 2, source: 'content' }, category: { category: '银行对账单', source: 'content' } });
    // Nothing found is nothing proposed (未识别), never a default.
    expect(await propose(2)).toMatchObject({ period: null, category: { category: '合同' } });
    expect(await propose(3)).toEqual({ period: null, category: null });
    expect(await failure('docPickPropose', { clientId, token: picked.token, index: 4 })).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('imports each file with its own 所属期 and category; a file with nothing found gets no period (未识别)', async () => {
    const picked = await pickFiles([write('a/银行对账单-2024-03.txt', '对账单一'), write('a/合同.txt', '合同二'), write('a/记账凭证.txt', '凭证三')]);
    const outcomes = await call<ImportOutcome[]>('docPickImport', {
      clientId,
      token: picked.token,
      fields: { category: '其他', tags: ['年度'] },
      files: [
        { category: '银行对账单', periodYear: 2024, periodMonth: 3 },
        none,
        // Changed by hand: a whole year (no month), its own category; a month without a year is dropped.
        { category: '凭证', periodYear: 2023, periodMonth: null },
      ],
    });
    expect(outcomes.map((o) => [o.source, o.status])).toEqual([
      ['银行对账单-2024-03.txt', 'imported'],
      ['合同.txt', 'imported'],
      ['记账凭证.txt', 'imported'],
    ]);
    const docs = await call<DocumentMeta[]>('docList', { clientId });
    const filed = (name: string) => {
      const d = docs.find((doc) => doc.name === name);
      return d && [d.category, d.periodYear, d.periodMonth, d.tags];
    };
    expect(filed('银行对账单-2024-03.txt')).toEqual(['银行对账单', 2024, 3, ['年度']]);
    expect(filed('合同.txt')).toEqual(['其他', null, null, ['年度']]);
    expect(filed('记账凭证.txt')).toEqual(['凭证', 2023, null, ['年度']]);
  });

  it('takes a month only with a year', async () => {
    const picked = await pickFiles([write('b/说明.txt', '说明')]);
    await call('docPickImport', { clientId, token: picked.token, fields: {}, files: [{ category: null, periodYear: null, periodMonth: 5 }] });
    const doc = (await call<DocumentMeta[]>('docList', { clientId })).find((d) => d.name === '说明.txt');
    expect([doc?.periodYear, doc?.periodMonth]).toEqual([null, null]);
  });

  it('holds every file below a picked folder (the folder’s categories: test/main/core/services/documents.test.ts)', async () => {
    answer.folder = join(files, 'a');
    const picked = await call<Picked>('docPickFiles', { clientId, mode: 'folder' });
    expect(picked.files.map((f) => f.name).sort()).toEqual(['合同.txt', '记账凭证.txt', '银行对账单-2024-03.txt'].sort());
    expect(JSON.stringify(picked)).not.toContain(files);
  });

  it('imports a pick once, and refuses a per-file list that does not match the pick without using the token up', async () => {
    const picked = await pickFiles([write('c/一.txt', '一'), write('c/二.txt', '二')]);
    const request = (list: FileOverride[]) => ({ clientId, token: picked.token, fields: {}, files: list });
    expect(await failure('docPickImport', request([none]))).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await failure('docPickImport', request([none, none, none]))).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await call<ImportOutcome[]>('docPickImport', request([none, none]))).toHaveLength(2);
    expect(await failure('docPickImport', request([none, none]))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure('docPickPropose', { clientId, token: picked.token, index: 0 })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a token for another client, and malformed tokens and lists at the boundary', async () => {
    const picked = await pickFiles([write('d/一.txt', '一')]);
    expect(await failure('docPickPropose', { clientId: otherClientId, token: picked.token, index: 0 })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure('docPickImport', { clientId: otherClientId, token: picked.token, fields: {}, files: [none] })).toMatchObject({ code: 'NOT_FOUND' });
    for (const token of ['', 'x'.repeat(32), picked.token.toUpperCase(), `${picked.token}0`, '../etc/passwd']) {
      expect(await failure('docPickPropose', { clientId, token, index: 0 })).toMatchObject({ code: 'INVALID_INPUT' });
    }
    for (const list of [[], [{ category: null, periodYear: 2024 }], [{ ...none, path: '/etc/passwd' }], [{ ...none, periodMonth: 13 }], [{ ...none, periodYear: 1800 }]]) {
      expect(await failure('docPickImport', { clientId, token: picked.token, fields: {}, files: list })).toMatchObject({ code: 'INVALID_INPUT' });
    }
    expect(await failure('docPickPropose', { clientId, token: picked.token, index: -1 })).toMatchObject({ code: 'INVALID_INPUT' });
    // Still good for its own client after all that.
    expect(await call<ImportOutcome[]>('docPickImport', { clientId, token: picked.token, fields: {}, files: [none] })).toHaveLength(1);
  });

  it('drops picks on lock: neither the same person after unlocking nor another person can use the token', async () => {
    const li = await call<StaffInfo>('staffAdd', { name: '李会计', role: 'accountant', password: 'accountant pw 1' });
    await call('grantAdd', { clientId, staffId: li.id });
    const picked = await pickFiles([write('e/锁前.txt', '锁前')]);
    await call('vaultLock', {});
    await call('vaultUnlock', { staffName: '张所长', password: 'owner password 1' });
    expect(await failure('docPickPropose', { clientId, token: picked.token, index: 0 })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure('docPickImport', { clientId, token: picked.token, fields: {}, files: [none] })).toMatchObject({ code: 'NOT_FOUND' });

    const again = await pickFiles([write('e/换人.txt', '换人')]);
    await call('vaultLock', {});
    await call('vaultUnlock', { staffName: '李会计', password: 'accountant pw 1' });
    expect(await failure('docPickPropose', { clientId, token: again.token, index: 0 })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure('docPickImport', { clientId, token: again.token, fields: {}, files: [none] })).toMatchObject({ code: 'NOT_FOUND' });
    const names = (await call<DocumentMeta[]>('docList', { clientId })).map((d) => d.name);
    expect(names).not.toContain('锁前.txt');
    expect(names).not.toContain('换人.txt');
    // Locked, the channels refuse before looking at any token.
    await call('vaultLock', {});
    expect(await failure('docPickPropose', { clientId, token: again.token, index: 0 })).toMatchObject({ code: 'VAULT_LOCKED' });
    await call('vaultUnlock', { staffName: '张所长', password: 'owner password 1' });
  });
});
