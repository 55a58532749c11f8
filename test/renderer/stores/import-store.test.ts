import { describe, expect, it } from 'vitest';
import { useDocumentsStore } from '../../../src/renderer/src/stores/documents-store';
import { isPickGone, useImportStore, type DroppedFile } from '../../../src/renderer/src/stores/import-store';
import { DROP_IMPORT_MAX_BYTES } from '../../../src/shared/domain';
import { installFakeBridge, settle, type FakeBridge } from '../fake-bridge';
import { id } from '../fixtures';

const importer = () => useImportStore.getState();
const CLIENT = id(1);
const IDLE = { pending: 0, done: 0, running: false, paused: false };
const fields = { category: '凭证', periodYear: 2024, periodMonth: 4, tags: [], notes: '' };

function file(name: string, text = name): DroppedFile {
  return { file: new File([text], name), isDirectory: false };
}

/** A file whose size says more than the drop limit, without allocating it. */
function hugeFile(name: string): DroppedFile {
  const fake = { name, size: DROP_IMPORT_MAX_BYTES + 1, arrayBuffer: () => Promise.reject(new Error('must not be read')) };
  return { file: fake as unknown as File, isDirectory: false };
}

function unreadableFile(name: string): DroppedFile {
  const fake = { name, size: 10, arrayBuffer: () => Promise.reject(new DOMException('gone', 'NotReadableError')) };
  return { file: fake as unknown as File, isDirectory: false };
}

function importsEverything(fake: FakeBridge): FakeBridge {
  return fake
    .on('docImportBytes', ({ name }) => ({ source: name, status: 'imported', documentId: id(2000) }))
    .on('docList', () => [])
    .on('indexStatus', () => IDLE);
}

describe('import store: the file dialog (导入文件 / 导入文件夹)', () => {
  const TOKEN = 'ab'.repeat(16);
  const picked = [
    { name: '银行对账单-2024-03.pdf', folder: '', size: 10 },
    { name: '合同.docx', folder: '凭证', size: 20 },
  ];

  it('picks first: the files and their token, and nothing imported yet', async () => {
    const fake = installFakeBridge().on('docPickFiles', () => ({ cancelled: false, token: TOKEN, files: picked }));
    expect(await importer().pick(CLIENT, 'folder')).toEqual({ mode: 'folder', token: TOKEN, files: picked });
    expect(fake.channels()).toEqual(['docPickFiles']);
    expect(fake.requests('docPickFiles')).toEqual([{ clientId: CLIENT, mode: 'folder' }]);
    expect(importer().running).toBeNull();
    expect(importer().summary).toBeNull();
  });

  it('then imports the pick with each file’s own 所属期 and category (a month only with a year), shows the outcomes and refreshes', async () => {
    const outcomes = picked.map((f) => ({ source: f.name, status: 'imported' as const, documentId: id(2000) }));
    const fake = installFakeBridge()
      .on('docPickImport', () => outcomes)
      .on('docList', () => [])
      .on('indexStatus', () => ({ pending: 1, done: 0, running: true, paused: false }));
    await useDocumentsStore.getState().load(CLIENT);
    await importer().importPicked(CLIENT, TOKEN, fields, [
      { year: 2024, month: 3, category: '银行对账单' },
      { year: null, month: 5 },
    ]);
    await settle();
    expect(fake.requests('docPickImport')).toEqual([
      {
        clientId: CLIENT,
        token: TOKEN,
        fields,
        files: [
          { category: '银行对账单', periodYear: 2024, periodMonth: 3 },
          { category: null, periodYear: null, periodMonth: null },
        ],
      },
    ]);
    expect(importer().summary).toEqual({ items: outcomes, cancelled: false });
    expect(importer().running).toBeNull();
    expect(fake.requests('docList')).toHaveLength(4);
  });

  it('gives nothing to prepare when the dialog was cancelled', async () => {
    const fake = installFakeBridge().on('docPickFiles', () => ({ cancelled: true }));
    expect(await importer().pick(CLIENT, 'files')).toBeNull();
    await settle();
    expect(importer().summary).toBeNull();
    expect(fake.channels()).toEqual(['docPickFiles']);
  });

  it('says why the whole batch failed, and tells a pick no longer held apart', async () => {
    installFakeBridge().refuse('docPickFiles', 'VAULT_LOCKED', 'locked');
    expect(await importer().pick(CLIENT, 'files')).toBeNull();
    expect(importer().error).toEqual({ code: 'VAULT_LOCKED', message: 'locked' });
    expect(isPickGone(importer().error!)).toBe(false);
    expect(importer().running).toBeNull();
    installFakeBridge().refuse('docPickImport', 'NOT_FOUND', 'gone', { what: 'pick' });
    await importer().importPicked(CLIENT, TOKEN, fields, [{ year: null, month: null }]);
    expect(isPickGone(importer().error!)).toBe(true);
    expect(importer().running).toBeNull();
  });
});

describe('import store: dropped files', () => {
  it('imports each file in order, sending its bytes', async () => {
    const fake = importsEverything(installFakeBridge());
    await importer().drop(CLIENT, [file('a.txt', 'AAA'), file('b.txt', 'BB')], fields);
    const sent = fake.requests('docImportBytes');
    expect(sent.map((r) => r.name)).toEqual(['a.txt', 'b.txt']);
    expect(sent.map((r) => new TextDecoder().decode(r.data))).toEqual(['AAA', 'BB']);
    expect(sent.every((r) => r.clientId === CLIENT && r.fields === fields)).toBe(true);
    expect(importer().summary?.items.map((i) => i.status)).toEqual(['imported', 'imported']);
    expect(importer().summary?.cancelled).toBe(false);
  });

  it("sends each file's own 所属期 when the dialog set one, the batch's otherwise", async () => {
    const fake = importsEverything(installFakeBridge());
    await importer().drop(
      CLIENT,
      [
        { ...file('对账单-2024-03.pdf'), period: { year: 2024, month: 3 } },
        { ...file('营业执照.png'), period: { year: null, month: 7 } },
        { ...file('年报2023.pdf'), period: { year: 2023, month: null } },
        file('other.txt'),
      ],
      fields,
    );
    const sent = fake.requests('docImportBytes').map((r) => [r.fields.periodYear, r.fields.periodMonth, r.fields.category]);
    // 未识别 stays empty (a month without a year means nothing); the other fields are the batch's.
    expect(sent).toEqual([
      [2024, 3, '凭证'],
      [null, null, '凭证'],
      [2023, null, '凭证'],
      [2024, 4, '凭证'],
    ]);
  });

  it('decides folders, oversized and unreadable files itself, without asking main', async () => {
    const fake = importsEverything(installFakeBridge());
    await importer().drop(CLIENT, [{ ...file('账套'), isDirectory: true }, hugeFile('big.zip'), unreadableFile('gone.pdf'), file('ok.txt')], fields);
    expect(importer().summary?.items).toEqual([
      { source: '账套', status: 'unreadable', folder: true },
      { source: 'big.zip', status: 'tooLarge', size: DROP_IMPORT_MAX_BYTES + 1 },
      { source: 'gone.pdf', status: 'unreadable', folder: false },
      { source: 'ok.txt', status: 'imported', documentId: id(2000) },
    ]);
    expect(fake.requests('docImportBytes').map((r) => r.name)).toEqual(['ok.txt']);
  });

  it('goes on after a failed file, but stops for errors every later file would hit', async () => {
    const fake = installFakeBridge().on('docList', () => []).on('indexStatus', () => IDLE).refuse('docImportBytes', 'INVALID_INPUT', 'bad name');
    await importer().drop(CLIENT, [file('a'), file('b')], fields);
    expect(importer().summary?.items.map((i) => i.status)).toEqual(['failed', 'failed']);

    fake.refuse('docImportBytes', 'DISK_FULL', 'disk full');
    await importer().drop(CLIENT, [file('c'), file('d'), file('e')], fields);
    expect(importer().summary?.items).toEqual([
      { source: 'c', status: 'failed', code: 'DISK_FULL', message: 'disk full' },
      { source: 'd', status: 'skipped' },
      { source: 'e', status: 'skipped' },
    ]);
    expect(fake.requests('docImportBytes').map((r) => r.name)).toEqual(['a', 'b', 'c']);
  });

  it('reports progress and stops between files when cancelled', async () => {
    const fake = installFakeBridge().on('docList', () => []).on('indexStatus', () => IDLE);
    const held = fake.hold('docImportBytes');
    const done = importer().drop(CLIENT, [file('a'), file('b'), file('c')], fields);
    await settle();
    expect(importer().running).toMatchObject({ mode: 'drop', total: 3, done: 0, current: 'a', cancelling: false });
    importer().cancel();
    expect(importer().running?.cancelling).toBe(true);
    await held[0]?.answer({ source: 'a', status: 'imported', documentId: id(2000) });
    await done;
    expect(held).toHaveLength(1);
    expect(importer().summary).toEqual({
      items: [{ source: 'a', status: 'imported', documentId: id(2000) }, { source: 'b', status: 'skipped' }, { source: 'c', status: 'skipped' }],
      cancelled: true,
    });
    expect(importer().running).toBeNull();
  });

  it('stops a batch and shows nothing once reset (the vault locked)', async () => {
    const held = installFakeBridge().hold('docImportBytes');
    const done = importer().drop(CLIENT, [file('a'), file('b')], fields);
    await settle();
    importer().reset();
    await held[0]?.answer({ source: 'a', status: 'imported', documentId: id(2000) });
    await done;
    expect(held).toHaveLength(1);
    expect(importer().summary).toBeNull();
    expect(importer().running).toBeNull();
  });

  it('dismisses the summary and the error', async () => {
    importsEverything(installFakeBridge());
    await importer().drop(CLIENT, [file('a')], fields);
    importer().dismiss();
    expect(importer().summary).toBeNull();
    expect(importer().error).toBeNull();
  });
});
