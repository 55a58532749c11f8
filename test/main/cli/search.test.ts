/**
 * `zhangdun doc reindex` reads what is inside documents imported without
 * reading it (a GBK CSV, a .docx, a Chinese PDF), and `zhangdun search` then
 * finds each by a phrase inside it, with the phrase marked in its snippet;
 * --client keeps one client's hits, --json prints the hits themselves, and a
 * staff member not granted a client finds nothing of it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchHit } from '../../../src/shared/domain';
import { expectExit, runCli, runMain, useCliTimeouts, type CliOptions, type CliResult } from '../../helpers/cli';
import { buildDocx } from '../../helpers/docx-writer';
import { encodeGbk } from '../../helpers/gbk';
import { toUnicodePdf } from '../../helpers/pdf-builder';

useCliTimeouts();

const OWNER = '王所长';
const PASSWORDS: Record<string, string> = { [OWNER]: 'owner password 1', 李会计: 'accountant pw 1' };
let dir: string;
let vault: string;
let clientA = ''; // 福州闽江财税咨询有限公司, granted to 李会计
let clientB = ''; // 厦门鹭岛贸易有限公司, not granted
const docs: Record<'csv' | 'pdf' | 'docx' | 'escaped', string> = { csv: '', pdf: '', docx: '', escaped: '' };

const PHRASE_CSV = '中国工商银行福州鼓楼支行';
const PHRASE_PDF = '增值税专用发票开票日期';
const PHRASE_DOCX = '服务合同编号鹭岛贰零贰肆';

const zd = (args: string[], options: CliOptions = {}) => runMain(args, { ...options, env: { ZHANGDUN_STATE_DIR: join(dir, 'state'), ...options.env } });
const as = (staff: string, args: string[], env: Record<string, string> = {}) => zd([...args, '--vault', vault, '--staff', staff], { password: PASSWORDS[staff]!, env });
const owner = (args: string[], env: Record<string, string> = {}) => as(OWNER, args, env);
const path = (name: string) => join(dir, name);

async function ok(res: Promise<CliResult>): Promise<CliResult> {
  const done = await res;
  expectExit(done, 0);
  return done;
}

const lines = (res: CliResult) => res.stdout.split('\n').filter(Boolean).map((line) => line.split('\t'));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zd-cli-search-'));
  vault = path('vault');
  await ok(zd(['init', '--vault', vault, '--staff', OWNER, '--recovery-key-out', path('recovery.txt')], { password: PASSWORDS[OWNER]! }));
  clientA = (await ok(owner(['client', 'add', '--name', '福州闽江财税咨询有限公司']))).stdout.trim();
  clientB = (await ok(owner(['client', 'add', '--name', '厦门鹭岛贸易有限公司']))).stdout.trim();
  await ok(owner(['staff', 'add', '--name', '李会计', '--role', 'accountant'], { ZHANGDUN_NEW_PASSWORD: PASSWORDS['李会计']! }));
  await ok(owner(['grant', '--to', '李会计', '--client', clientA]));

  // As Chinese Excel saves "CSV (逗号分隔)": GBK bytes.
  writeFileSync(path('对账单-2024-03.csv'), encodeGbk(`日期,摘要,金额\r\n2024-03-05,${PHRASE_CSV}转账,1200.00\r\n2024-03-18,手续费,5.00\r\n`));
  writeFileSync(path('发票.pdf'), toUnicodePdf(['福建省税务局', `${PHRASE_PDF}2024年3月12日`]));
  writeFileSync(path('合同.docx'), buildDocx({ paragraphs: ['代理记账服务合同', `甲方：厦门鹭岛贸易有限公司，${PHRASE_DOCX}号`] }));
  writeFileSync(path('备忘\x1b[2J.txt'), '备忘录：月底前交齐凭证');
  [docs.csv, docs.pdf, docs.escaped] = (await ok(owner(['doc', 'import', '--client', clientA, path('对账单-2024-03.csv'), path('发票.pdf'), path('备忘\x1b[2J.txt')]))).stdout.trim().split('\n') as [string, string, string];
  docs.docx = (await ok(owner(['doc', 'import', '--client', clientB, path('合同.docx')]))).stdout.trim();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('doc reindex', () => {
  it('reads the documents not read yet, with progress on stderr and a summary; then there is nothing left to read', async () => {
    const res = await ok(owner(['doc', 'reindex']));
    expect(res.stderr).toContain('读取资料内容：1/4');
    expect(res.stderr).toContain('读取资料内容：4/4');
    expect(res.stdout).toContain('读取完毕：共 4 份资料；读出文字 4 份，没有文字 0 份，未能提取文字 0 份，可能已损坏 0 份，需要文字识别 0 份。');
    const again = await ok(owner(['doc', 'reindex', '--json']));
    expect(JSON.parse(again.stdout)).toEqual({ documents: 0, read: 0, empty: 0, failed: 0, damaged: 0, needsOcr: 0 });
  });

  it('--all reads every document again, --client only that client’s; in English with --lang en', async () => {
    const res = await ok(owner(['doc', 'reindex', '--all', '--client', clientA, '--json']));
    expect(JSON.parse(res.stdout)).toMatchObject({ documents: 3, read: 3, failed: 0 });
    const english = await ok(owner(['doc', 'reindex', '--all', '--lang', 'en']));
    expect(english.stderr).toContain("Reading documents' content: 4/4");
    expect(english.stdout).toContain('Done: 4 documents; text read from 4,');
  });

  it('as a real process, exits once done (the extraction and OCR workers are closed)', async () => {
    const res = await runCli(['doc', 'reindex', '--all', '--client', clientB, '--vault', vault, '--staff', OWNER], {
      password: PASSWORDS[OWNER]!,
      env: { ZHANGDUN_STATE_DIR: join(dir, 'state') },
    });
    expectExit(res, 0);
    expect(res.stdout).toContain('读取完毕：共 1 份资料；读出文字 1 份');
  });

  it('an accountant reads only the clients granted; another client is not found (exit 6)', async () => {
    const own = await ok(as('李会计', ['doc', 'reindex', '--all', '--json']));
    expect(JSON.parse(own.stdout)).toMatchObject({ documents: 3 });
    const other = await as('李会计', ['doc', 'reindex', '--client', clientB]);
    expectExit(other, 6);
  });
});

describe('search', () => {
  it('finds each document by a phrase inside it, the phrase marked in its snippet', async () => {
    for (const [phrase, id, client] of [
      [PHRASE_CSV, docs.csv, clientA],
      [PHRASE_PDF, docs.pdf, clientA],
      [PHRASE_DOCX, docs.docx, clientB],
    ] as const) {
      const found = lines(await ok(owner(['search', phrase])));
      const row = found.find((cells) => cells[1] === id);
      expect(row, `${phrase} → ${JSON.stringify(found)}`).toBeDefined();
      expect(row![0]).toBe('doc');
      expect(row![2]).toBe(client);
      expect(row![5]).toContain(`【${phrase}】`);
    }
  });

  it('a hit by a field names the field; names are printed with control characters escaped', async () => {
    const found = lines(await ok(owner(['search', '备忘'])));
    const row = found.find((cells) => cells[1] === docs.escaped);
    expect(row).toEqual(['doc', docs.escaped, clientA, '福州闽江财税咨询有限公司', '备忘\\x1b[2J.txt', '名称']);
    expect(lines(await ok(owner(['search', '鹭岛贸易'])))).toContainEqual(['client', clientB, '厦门鹭岛贸易有限公司']);
  });

  it('--json prints the hits; --client keeps that client’s only', async () => {
    const hit = JSON.parse((await ok(owner(['search', '有限公司', '--json']))).stdout) as SearchHit;
    expect(Object.keys(hit).sort()).toEqual(['clients', 'credentials', 'documents']);
    expect(hit.clients.map((c) => c.id).sort()).toEqual([clientA, clientB].sort());
    const docx = hit.documents.find((d) => d.id === docs.docx);
    expect(docx).toMatchObject({ clientId: clientB, clientName: '厦门鹭岛贸易有限公司', name: '合同.docx', textStatus: 'ok' });
    expect(docx!.snippet).toMatchObject({ match: '有限公司' });

    const onlyB = JSON.parse((await ok(owner(['search', '有限公司', '--client', clientB, '--json']))).stdout) as SearchHit;
    expect(onlyB.clients.map((c) => c.id)).toEqual([clientB]);
    expect(onlyB.documents.map((d) => d.clientId)).toEqual([clientB]);
    const rows = lines(await ok(owner(['search', '有限公司', '--client', clientA])));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((cells) => cells[0] === 'client' ? cells[1] === clientA : cells[2] === clientA)).toBe(true);
  });

  it('an accountant not granted a client finds nothing of it', async () => {
    expect(await ok(as('李会计', ['search', PHRASE_DOCX]))).toMatchObject({ stdout: '' });
    const companies = lines(await ok(as('李会计', ['search', '有限公司'])));
    expect(companies.length).toBeGreaterThan(0);
    expect(companies.flat().join('\t')).not.toContain(clientB);
    expect(companies.flat().join('\t')).not.toContain('鹭岛');
    expect(lines(await ok(as('李会计', ['search', PHRASE_CSV]))).map((cells) => cells[1])).toEqual([docs.csv]);
    expectExit(await as('李会计', ['search', '有限公司', '--client', clientB]), 6);
  });

  it('a query with no hits prints nothing and exits 0; a missing query is a usage error', async () => {
    expect(await ok(owner(['search', '这句话不在任何文件里']))).toMatchObject({ stdout: '' });
    expect(JSON.parse((await ok(owner(['search', '这句话不在任何文件里', '--json']))).stdout)).toEqual({ clients: [], documents: [], credentials: [] });
    const missing = await owner(['search']);
    expectExit(missing, 2);
    expect(missing.stderr).toContain('缺少查询词');
  });
});
