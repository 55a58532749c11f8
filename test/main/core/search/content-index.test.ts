/**
 * What is read from inside documents is client data: sealed under the
 * client's key (one text record per document), indexed in each person's own
 * view, found with a snippet, resealed by a key rotation, dropped with the
 * document, and invisible to staff without the client — even in a copy of
 * the folder. The reader here is a plain UTF-8 one (the extraction and OCR
 * workers have their own tests); what is under test is the storage, the
 * queue and the search.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentIndexer, type ContentReader } from '../../../../src/main/core/search/content-indexer';
import { EXTRACTOR_VERSION } from '../../../../src/main/core/records/text-record';
import { inspectVault } from '../../../../src/main/core/inspect/inspect-vault';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import type { VaultSession } from '../../../../src/main/core/vault/session';
import { clientInputSchema } from '../../../../src/shared/contract';
import { scanTree, textNeedles } from '../../../helpers/byte-scan';
import { backdate } from '../../../helpers/retention';

const pw = (s: string) => Buffer.from(s, 'utf8');

/** Reads UTF-8 text files; a file starting with "BROKEN" reads as damaged, one starting with "IMAGE" as needing OCR. */
const utf8Reader: ContentReader = {
  read: async (bytes) => {
    const text = bytes.toString('utf8');
    if (text.startsWith('BROKEN')) return { status: 'ok', text: text.slice(6), pages: 1, damaged: true, reason: 'damaged', truncated: false, method: 'layer' };
    if (text.startsWith('IMAGE')) return { status: 'needs-ocr', text: '', pages: null, damaged: false, reason: null, truncated: false, method: 'none' };
    return { status: text.trim() ? 'ok' : 'empty', text, pages: 1, damaged: false, reason: null, truncated: false, method: 'layer' };
  },
};

const STATEMENT = '中国工商银行福州五一支行 对账单 账号 6222021602012345678 期间 2024年03月01日至2024年03月31日 余额 壹拾贰万元';
const CONTRACT = '代理记账服务合同 合同编号 HT-2024-0315-闽 甲方 厦门鹭岛贸易有限公司';

let root: string;
let m: VaultManager;
let mine: string;
let secret: string;
let statementId: string;
let contractId: string;

function indexerOf(s: VaultSession): ContentIndexer {
  return new ContentIndexer(s.vault, (id, max) => s.documents.read(id, max), utf8Reader, s.abort.signal);
}

async function importText(s: VaultSession, clientId: string, name: string, text: string): Promise<string> {
  const f = join(root, name);
  writeFileSync(f, text);
  const [o] = await s.documents.importFiles(clientId, [f]);
  rmSync(f);
  if (o?.status !== 'imported') throw new Error(JSON.stringify(o));
  return o.documentId;
}

async function as(name: string, password: string): Promise<VaultSession> {
  await m.lock();
  await m.unlock(name, pw(password));
  return m.session();
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-content-'));
  m = new VaultManager({ vaultDir: join(root, 'vault') });
  await m.create('张所长', pw('owner password 1'));
  const s = m.session();
  const li = await s.staff.add('李会计', 'accountant', pw('accountant pw 1'));
  mine = s.clients.create(clientInputSchema.parse({ name: '福州闽江财税咨询有限公司' })).id;
  secret = s.clients.create(clientInputSchema.parse({ name: '绝密客户有限公司', label: 'secret' })).id;
  await s.access.grant(mine, li.id);
  statementId = await importText(s, mine, 'statement.txt', STATEMENT);
  contractId = await importText(s, secret, 'contract.txt', CONTRACT);
  await importText(s, secret, 'broken.txt', 'BROKEN部分可读的发票 开票日期 2024年05月');
  await importText(s, secret, 'scan.txt', 'IMAGE');
}, 120_000);

afterAll(async () => {
  await m.close();
  rmSync(root, { recursive: true, force: true });
});

describe('content of documents', () => {
  it('queues every unread document, reads them in the background, and finds each by a phrase inside with a snippet', async () => {
    const s = await as('张所长', 'owner password 1');
    const indexer = indexerOf(s);
    expect(indexer.progress().pending).toBe(4);
    await indexer.start();
    expect(indexer.progress()).toMatchObject({ pending: 0, done: 4, running: false });
    const hit = s.search.search('五一支行').documents;
    expect(hit.map((d) => d.id)).toEqual([statementId]);
    expect(hit[0]!.snippet).toMatchObject({ match: '五一支行' });
    expect(`${hit[0]!.snippet!.before}${hit[0]!.snippet!.match}${hit[0]!.snippet!.after}`).toContain('中国工商银行福州五一支行 对账单');
    expect(s.search.search('HT-2024-0315').documents.map((d) => d.id)).toEqual([contractId]);
    // Case and width folded like every other search.
    expect(s.search.search('ｈｔ-2024-0315').documents.map((d) => d.id)).toEqual([contractId]);
    expect(s.search.search('没有这句话的文件').documents).toEqual([]);
  });

  it('a stale text row left in the view for a document vault.db no longer holds is dropped, not offered again forever', async () => {
    const s = await as('张所长', 'owner password 1');
    const ghost = 'f'.repeat(32);
    s.vault.view.texts.upsert({
      id: ghost, clientId: secret, keyVersion: 1, rev: 1,
      status: 'failed', damaged: false, reason: 'timeout', method: 'none', text: '', truncated: false, pages: null, extractor: EXTRACTOR_VERSION - 1, extractedAt: '2026-01-01T00:00:00.000Z',
    });
    const indexer = indexerOf(s);
    expect(indexer.progress().pending).toBe(1);
    await indexer.start();
    expect(s.vault.view.texts.byId(ghost)).toBeNull();
    expect(indexer.progress().pending).toBe(0);
  });

  it('records damage and what still needs OCR, per document', async () => {
    const s = await as('张所长', 'owner password 1');
    const texts = [...s.vault.repos.textRecords.byClient(secret)].map((r) => s.vault.records.openText(r)!);
    expect(texts.filter((t) => t.damaged)).toHaveLength(1);
    expect(texts.filter((t) => t.status === 'needs-ocr')).toHaveLength(1);
    expect(s.search.search('部分可读的发票').documents).toHaveLength(1);
  });

  it('the document list says why reading failed, and what an older extractor failed on is read again once', async () => {
    const s = await as('张所长', 'owner password 1');
    const listed = s.documents.list(secret, 'active');
    expect(listed.find((d) => d.name === 'broken.txt')).toMatchObject({ textStatus: 'ok', damaged: true, textReason: 'damaged' });
    expect(listed.find((d) => d.name === 'scan.txt')).toMatchObject({ textStatus: 'needs-ocr', damaged: false, textReason: null });
    expect(listed.find((d) => d.name === 'contract.txt')).toMatchObject({ textStatus: 'ok', textReason: null });

    // As an earlier version of the extractor left it: could not read the file.
    const old = { status: 'failed', damaged: false, reason: 'timeout', method: 'none', text: '', truncated: false, pages: null, extractor: EXTRACTOR_VERSION - 1, extractedAt: '2026-01-01T00:00:00.000Z' } as const;
    const sealed = s.vault.repos.documentRecords.byId(contractId)!;
    const current = s.vault.repos.textRecords.byId(contractId)!;
    s.vault.write(() => s.vault.records.putText({ id: contractId, clientId: secret, keyVersion: sealed.keyVersion, rev: current.rev + 1 }, old));
    expect(s.documents.list(secret, 'active').find((d) => d.id === contractId)).toMatchObject({ textStatus: 'failed', textReason: 'timeout' });
    expect(s.search.search('HT-2024-0315').documents).toEqual([]);

    const reads: string[] = [];
    const counting: ContentReader = { read: (bytes, name, mime, signal) => (reads.push(name), utf8Reader.read(bytes, name, mime, signal)) };
    const indexer = new ContentIndexer(s.vault, (id, max) => s.documents.read(id, max), counting, s.abort.signal);
    expect(indexer.progress().pending).toBe(1);
    await indexer.start();
    expect(reads).toEqual(['contract.txt']);
    expect(s.search.search('HT-2024-0315').documents.map((d) => d.id)).toEqual([contractId]);
    // Read at this version now (and a scan still waiting for OCR at this version is not re-read in a loop).
    await indexer.start();
    expect(reads).toEqual(['contract.txt']);
    expect(indexer.progress().pending).toBe(0);
  });

  it('a colleague without the client finds nothing of its content, by search or in the folder', async () => {
    const li = await as('李会计', 'accountant pw 1');
    expect(li.search.search('HT-2024-0315').documents).toEqual([]);
    expect(li.search.search('五一支行').documents.map((d) => d.id)).toEqual([statementId]);
    const report = JSON.stringify(await inspectVault(li.vault));
    expect(report).not.toContain('HT-2024-0315');
    expect(report).toContain('五一支行');
    await m.lock();
    const copy = join(root, 'copy');
    cpSync(join(root, 'vault'), copy, { recursive: true });
    const needles = [CONTRACT, 'HT-2024-0315-闽', '五一支行', '部分可读的发票'].flatMap((v, i) => textNeedles(`text ${i}`, v, ['utf8', 'utf16le']));
    expect(await scanTree(copy, needles)).toEqual([]);
  });

  it('a key rotation reseals the text; deleting the document drops its text from the view and vault.db', async () => {
    const s = await as('张所长', 'owner password 1');
    await s.access.rotateClient(secret);
    expect(s.vault.records.text(contractId)?.keyVersion).toBe(s.vault.repos.clientKeys.currentVersion(secret));
    expect(s.search.search('HT-2024-0315').documents.map((d) => d.id)).toEqual([contractId]);
    await s.documents.trash(contractId);
    expect(s.search.search('HT-2024-0315').documents).toEqual([]);
    backdate(s.documents, contractId);
    await s.documents.deletePermanently(contractId);
    expect(s.vault.repos.textRecords.byId(contractId)).toBeNull();
    expect(s.vault.view.texts.byId(contractId)).toBeNull();
    // The view of someone who was away catches up from the tombstone.
    const again = await as('张所长', 'owner password 1');
    expect(again.vault.view.texts.byId(contractId)).toBeNull();
  });

  it('the indexer stops when the session locks and takes the queue up again at the next unlock', async () => {
    const s = await as('李会计', 'accountant pw 1');
    await importText(s, mine, 'later-1.txt', '后来导入的银行回单 甲');
    await importText(s, mine, 'later-2.txt', '后来导入的银行回单 乙');
    const slow: ContentReader = { read: async (b, n, mime, signal) => {
      await m.lock();
      if (signal?.aborted) throw new Error('aborted');
      return utf8Reader.read(b, n, mime);
    } };
    const stopped = new ContentIndexer(s.vault, (id, max) => s.documents.read(id, max), slow, s.abort.signal);
    await stopped.start();
    const back = await as('李会计', 'accountant pw 1');
    const indexer = indexerOf(back);
    expect(indexer.progress().pending).toBe(2);
    await indexer.start();
    expect(back.search.search('后来导入的银行回单').documents).toHaveLength(2);
  });

  it('can be paused and resumed', async () => {
    const s = await as('李会计', 'accountant pw 1');
    await importText(s, mine, 'paused.txt', '暂停时导入的凭证');
    const indexer = indexerOf(s);
    indexer.pause();
    await indexer.start();
    expect(indexer.progress()).toMatchObject({ pending: 1, paused: true });
    indexer.resume();
    await indexer.start();
    expect(indexer.progress()).toMatchObject({ pending: 0, paused: false });
  });
});
