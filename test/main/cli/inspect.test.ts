/**
 * `zhangdun inspect`, the isolation check through the command line
 * (test/main/core/access/inspect-isolation.test.ts makes it through the
 * core): the owner makes two clients with a distinct marker in every field
 * and in their documents' names, tags and notes; accountant A is granted
 * client X only. Everything A's keys read from the folder holds none of Y's
 * markers nor the SHA-256 of Y's file, and all of X's; the owner's (and the
 * recovery key's) inspect holds both clients' (the positive control).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markersOf, sha256Hex } from '../../helpers/isolation-markers';
import { expectExit, explain, runMain, useCliTimeouts, type CliOptions } from '../../helpers/cli';

useCliTimeouts();

const OWNER = '王所长';
const OWNER_PW = 'owner password 1';
const A = '会计甲';
const A_PW = 'accountant a pw';

const X = markersOf('客户甲', '00001234');
const Y = markersOf('客户乙', '00005678');
const sha = sha256Hex;
/** What a reader of X's (or Y's) data sees: every field, and the file's hash; never the file's content itself. */
const readable = (mk: typeof X) => [...Object.entries(mk).filter(([k]) => k !== 'content').map(([, v]) => v), sha(mk.content)];

let dir: string;
let vault: string;
let recovery: string;

const zd = (args: string[], options: CliOptions = {}) => runMain(args, { password: OWNER_PW, ...options });
const asOwner = (args: string[], options: CliOptions = {}) => zd([...args, '--vault', vault, '--staff', OWNER], options);
const asA = (args: string[]) => zd([...args, '--vault', vault, '--staff', A], { password: A_PW });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zd-cli-inspect-'));
  vault = join(dir, 'vault');
  recovery = join(dir, 'recovery.txt');
  expectExit(await zd(['init', '--vault', vault, '--staff', OWNER, '--recovery-key-out', recovery]), 0);
  expectExit(await asOwner(['staff', 'add', '--name', A, '--role', 'accountant'], { env: { ZHANGDUN_NEW_PASSWORD: A_PW } }), 0);
  const ids: Record<'X' | 'Y', string> = { X: '', Y: '' };
  for (const [label, mk] of [['X', X], ['Y', Y]] as const) {
    const added = await asOwner([
      'client', 'add', '--name', mk.name, '--contact', mk.contactPerson, '--address', mk.address, '--credit-code', mk.creditCode,
      '--phone', mk.phone, '--bank-account', mk.bankAccount, '--notes', mk.notes, '--label', 'confidential',
    ]);
    expectExit(added, 0);
    ids[label] = added.stdout.trim();
    const file = join(dir, mk.docName);
    writeFileSync(file, mk.content);
    expectExit(await asOwner(['doc', 'import', '--client', ids[label], '--tag', mk.tag, '--notes', mk.docNotes, '--category', '银行对账单', file]), 0);
    rmSync(file);
  }
  expectExit(await asOwner(['grant', '--to', A, '--client', ids.X]), 0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('zhangdun inspect', () => {
  it('as accountant A, granted X only: every marker of X and its file hash, none of Y’s', async () => {
    const res = await asA(['inspect', '--json']);
    expectExit(res, 0);
    const report = JSON.parse(res.stdout) as { as: { name: string; role: string; recovery: boolean }; files: { path: string }[] };
    expect(report.as).toMatchObject({ name: A, role: 'accountant', recovery: false });
    expect(report.files.map((f) => f.path)).toEqual(expect.arrayContaining(['vault.key', 'vault.db']));
    for (const marker of readable(Y)) expect(res.stdout.includes(marker), `Y marker ${marker}\n${explain(res)}`).toBe(false);
    for (const marker of readable(X)) expect(res.stdout.includes(marker), `X marker ${marker}`).toBe(true);
    expect(res.stdout).toContain('<sealed>');
    // File contents are never part of it: only blob headers, and whether the key opens.
    expect(res.stdout.includes(X.content)).toBe(false);
  });

  it('as the owner, and with the recovery key: every marker of both clients', async () => {
    for (const res of [await asOwner(['inspect', '--json']), await zd(['inspect', '--json', '--vault', vault, '--identity', recovery])]) {
      expectExit(res, 0);
      for (const marker of [...readable(X), ...readable(Y)]) expect(res.stdout.includes(marker), `marker ${marker} (${res.args.join(' ')})`).toBe(true);
    }
  });

  it('the text form: a line per file with its size and whether it opens, a header and a line per row, long hex shortened', async () => {
    const res = await asA(['inspect']);
    expectExit(res, 0);
    const lines = res.stdout.split('\n');
    expect(lines[0]).toContain(A);
    expect(lines).toContainEqual(expect.stringMatching(/^vault\.db {2}\d+ 字节 {2}可读$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}表 client_records（2 行）$/));
    const header = lines.indexOf('  表 client_records（2 行）');
    expect(lines[header + 1]?.trim().split('\t')).toEqual(expect.arrayContaining(['id', 'body']));
    const rows = lines.slice(header + 2, header + 4);
    // One row opens for A (X, as compact JSON), the other is sealed.
    expect(rows.filter((r) => r.includes(`"name":"${X.name}"`))).toHaveLength(1);
    expect(rows.filter((r) => r.includes('<sealed>'))).toHaveLength(1);
    expect(res.stdout).toMatch(/[0-9a-f]{16}…（共 32 字节）/);
    for (const marker of readable(Y)) expect(res.stdout.includes(marker), marker).toBe(false);
    // eslint-disable-next-line no-control-regex
    expect(res.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });
});
