import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { clientInputSchema, type ClientInput } from '../../src/shared/contract';
import { VaultSession } from '../../src/main/core/vault/session';
import { VaultManager } from '../../src/main/core/vault/vault-manager';
import { createVault } from '../../src/main/core/vault/create-vault';
import { openVault } from '../../src/main/core/vault/unlock-vault';
import type { OpenVault } from '../../src/main/core/vault/open-vault';
import { textNeedles, type Needle } from './byte-scan';
import { seededRandom } from './seeded-random';
import { backdate } from './retention';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The owner every fixture vault is created with. Long enough that a chance match in ciphertext is impossible. */
export const STAFF_NAME = '会计林晓燕';
export const PASSWORD_TEXT = 'Zhangdun-测试-口令-2024!';

/** A fresh password Buffer: the vault zero-fills the one it is given. */
export function password(text = PASSWORD_TEXT): Buffer {
  return Buffer.from(text, 'utf8');
}

/**
 * Temp directories for the tests of one file: `fresh()` makes a new one under
 * os.tmpdir(); all are removed after each test.
 */
export function useTempDirs(prefix = 'zd-test-'): (label?: string) => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (label = '') => {
    const dir = mkdtempSync(join(tmpdir(), `${prefix}${label}`));
    made.push(dir);
    return dir;
  };
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function sha256File(path: string): string {
  return sha256(readFileSync(path));
}

export interface TestVault {
  vault: OpenVault;
  recoveryIdentity: string;
}

/** Creates a vault owned by STAFF_NAME (one Argon2id derivation). */
export async function createTestVault(dir: string, staffName = STAFF_NAME): Promise<TestVault> {
  return createVault(dir, { staffName, password: password() });
}

/** Opens with the recovery identity: no Argon2id, so fast. */
export function openWithRecovery(dir: string, recoveryIdentity: string): Promise<OpenVault> {
  return openVault(dir, { recoveryIdentity });
}

export function sessionOf(vault: OpenVault): VaultSession {
  return new VaultSession(vault, () => 'zh-CN');
}

export function clientInput(fields: Partial<Record<keyof ClientInput, unknown>> & { name: string }): ClientInput {
  return clientInputSchema.parse(fields);
}

export function writeIdentityFile(dir: string, recoveryIdentity: string): string {
  const path = join(dir, 'recovery-key.txt');
  writeFileSync(path, `${recoveryIdentity}\n`, { mode: 0o600 });
  return path;
}

/** Client records of a Fuzhou bookkeeping firm: every field is a secret that must not be readable at rest. */
export const CLIENTS = [
  {
    name: '福州闽江财税咨询有限公司',
    contactPerson: '陈美玲',
    phone: '13859012345',
    address: '福建省福州市鼓楼区五四路128号恒力城写字楼',
    bankAccount: '6222021602012345678',
    notes: '年报由陈总亲自签字确认',
    taxpayerType: 'general',
    label: 'confidential',
  },
  {
    name: '厦门鹭岛进出口贸易有限公司',
    contactPerson: '黄志强',
    phone: '13906001234',
    address: '福建省厦门市思明区湖滨南路388号',
    bankAccount: '6217001930009876543',
    notes: '出口退税资料每季度核对',
    taxpayerType: 'small',
    label: 'secret',
  },
] as const;

/** A bank statement and a tax return as staff would scan or export them. */
export const CHINESE_TEXT = '增值税纳税申报表（一般纳税人适用）销项税额合计：壹拾贰万叁仟肆佰伍拾陆元整；进项税额转出';

export interface SessionRecord {
  root: string;
  vaultDir: string;
  inboxDir: string;
  exportDir: string;
  recoveryIdentity: string;
  /** Everything that must not be found in the vault directory. */
  secrets: Needle[];
  /** Files the session exported outside the vault, with their expected SHA-256. */
  exported: { path: string; sha256: string }[];
}

/** Characters a session's tag is spelt in: its marker's hex digits, one each. */
const TAG_CHARACTERS = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳';

/**
 * The clients of one session: CLIENTS with every field made the session's own (a tag from its marker
 * in the texts, digits from it in the phone and the account), so a scan of a folder other suites also
 * write to finds this session's secrets and never theirs.
 */
export function sessionClients(marker: string) {
  const hex = marker.replace(/[^0-9a-f]/g, '').padEnd(16, '0');
  const tag = [...hex.slice(0, 8)].map((d) => TAG_CHARACTERS[parseInt(d, 16)]).join('');
  const digits = (offset: number, count: number) =>
    Array.from({ length: count }, (_, i) => String(parseInt(hex[(offset + i) % hex.length] ?? '0', 16) % 10)).join('');
  return CLIENTS.map((c, i) => ({
    ...c,
    name: `${c.name}（${tag}）`,
    contactPerson: `${c.contactPerson}${tag}`,
    phone: `13${i}${digits(i * 3, 8)}`,
    address: `${c.address}${tag}室`,
    bankAccount: `6222${i}${digits(i * 5, 14)}`,
    notes: `${c.notes} ${marker}`,
  }));
}

/** The secrets only this session holds: its marker in both encodings and its clients' fields. */
export function sessionOwnSecrets(marker: string): Needle[] {
  const needles = [...textNeedles('marker', marker, ['utf8', 'utf16le'])];
  for (const client of sessionClients(marker)) {
    needles.push(...textNeedles('client name', client.name));
    needles.push(...textNeedles('contact person', client.contactPerson));
    needles.push(...textNeedles('address', client.address));
    needles.push(...textNeedles('bank account', client.bankAccount));
    needles.push(...textNeedles('phone', client.phone));
    needles.push(...textNeedles('client notes', client.notes));
  }
  return needles;
}

/**
 * Secrets of a session: its own (above), and the staff name and the Chinese text, which other
 * suites' fixtures share.
 */
export function sessionSecrets(marker: string): Needle[] {
  return [...sessionOwnSecrets(marker), ...textNeedles('staff name', STAFF_NAME), ...textNeedles('document text', CHINESE_TEXT, ['utf8', 'utf16le'])];
}

/**
 * A working day in the vault through VaultManager, the way the app drives it:
 * create (password), add clients, import text in UTF-8 and UTF-16LE and a
 * multi-chunk scan, preview, rename, trash, restore, delete permanently,
 * export outside the vault, lock, unlock with the password, lock.
 * Layout: root/{vault,inbox,export}.
 */
export async function realisticSession(root: string, marker: string, seed = 7): Promise<SessionRecord> {
  const rng = seededRandom(seed);
  const vaultDir = join(root, 'vault');
  const inboxDir = join(root, 'inbox');
  const exportDir = join(root, 'export');
  mkdirSync(inboxDir);
  mkdirSync(exportDir);
  const clientsOfSession = sessionClients(marker);
  const first = clientsOfSession[0]!;

  const utf8Return = Buffer.from(`${first.name}\n${CHINESE_TEXT}\n标记：${marker}\n`, 'utf8');
  const utf16Statement = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${first.name},${marker},${CHINESE_TEXT}\r\n`, 'utf16le')]);
  // A scan of 3+ chunks with the marker at the start, astride the first 64 KiB boundary, and at the end.
  const scan = rng.bytes(200_000);
  Buffer.from(marker).copy(scan, 10);
  Buffer.from(`${marker}${CHINESE_TEXT}`).copy(scan, 65_536 - 20);
  Buffer.from(marker, 'utf16le').copy(scan, scan.length - 2 * marker.length);
  const doomed = Buffer.from(`${marker} 作废凭证 ${CHINESE_TEXT}`, 'utf8');
  const files = {
    '增值税申报表-2024年03月.txt': utf8Return,
    '银行对账单-2024年03月.csv': utf16Statement,
    '记账凭证扫描件.pdf': scan,
    '作废凭证.txt': doomed,
  };
  for (const [name, data] of Object.entries(files)) writeFileSync(join(inboxDir, name), data);

  const manager = new VaultManager({ vaultDir });
  const created = await manager.create(STAFF_NAME, password());
  try {
    const session = manager.session();
    const clients = clientsOfSession.map((c) => session.clients.create(clientInput(c)));
    const clientId = clients[0]?.id ?? '';
    const outcomes = await session.documents.importFiles(
      clientId,
      Object.keys(files).map((name) => join(inboxDir, name)),
      { category: '纳税申报表', periodYear: 2024, periodMonth: 3, tags: ['季度申报', marker], notes: `备注 ${marker}` },
    );
    const ids = outcomes.map((o) => {
      if (o.status !== 'imported') throw new Error(`fixture import failed: ${JSON.stringify(o)}`);
      return o.documentId;
    });
    const [returnId, statementId, scanId, doomedId] = ids as [string, string, string, string];
    const preview = await session.documents.read(returnId, 1024 * 1024);
    if (!preview.equals(utf8Return)) throw new Error('fixture preview mismatch');
    session.documents.rename(returnId, `${marker}-${first.name}-增值税申报表.txt`);
    session.documents.trash(statementId);
    session.documents.restore(statementId);
    session.documents.trash(statementId);
    session.documents.trash(doomedId);
    backdate(session.documents, doomedId);
    await session.documents.deletePermanently(doomedId);
    const exported = [
      { id: returnId, path: join(exportDir, `${first.name}-申报表.txt`), data: utf8Return },
      { id: scanId, path: join(exportDir, '凭证扫描.pdf'), data: scan },
      { id: statementId, path: join(exportDir, '对账单.csv'), data: utf16Statement },
    ];
    for (const e of exported) await session.documents.exportTo(e.id, e.path);
    // The registers sealed beside the records: an incident and a share, each naming the marker.
    const now = new Date();
    session.incidents.open(`泄露排查 ${marker}`, { staffIds: [], clientIds: [clientId], from: new Date(now.getTime() - 3_600_000).toISOString(), to: now.toISOString() });
    const until = new Date(now.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
    await session.shares.create(
      { clientId, documentIds: [returnId], recipient: `审计组 ${marker}`, purpose: `年度审计 ${marker}`, until, encryption: { kind: 'passphrase' } },
      async () => join(root, 'share.tar.age'),
    );
    await manager.lock();
    await manager.unlock(STAFF_NAME, password());
    manager.session().clients.list({ query: '闽江', label: null, status: 'active', sort: 'name', offset: 0, limit: 100 });
    await manager.lock();
    return {
      root,
      vaultDir,
      inboxDir,
      exportDir,
      recoveryIdentity: created.recoveryKey,
      secrets: sessionSecrets(marker),
      exported: exported.map((e) => ({ path: e.path, sha256: sha256(e.data) })),
    };
  } finally {
    await manager.close();
  }
}

export interface PreparedDoc {
  key: 'big' | 'small';
  id: string;
  /** Relative to the vault directory. */
  blobPath: string;
  sha256: string;
}

export interface PreparedVault {
  dir: string;
  recoveryIdentity: string;
  clientId: string;
  /** big: 150 000 bytes in three chunks (65 536, 65 536, 18 928); small: one chunk. */
  big: PreparedDoc;
  small: PreparedDoc;
  pageSize: number;
}

/**
 * A closed vault with one client and two documents, to copy per test case
 * (fs.cpSync) instead of paying for Argon2id each time.
 */
export async function prepareVault(root: string): Promise<PreparedVault> {
  const dir = join(root, 'vault');
  const { vault, recoveryIdentity } = await createTestVault(dir);
  try {
    const session = sessionOf(vault);
    const clientId = session.clients.create(clientInput({ name: CLIENTS[0].name, label: 'internal' })).id;
    const data = { big: seededRandom(11).bytes(150_000), small: Buffer.from('小规模纳税人增值税申报表 2024Q1；'.repeat(30)) };
    const docs = {} as Record<'big' | 'small', PreparedDoc>;
    for (const key of ['big', 'small'] as const) {
      const source = join(root, key === 'big' ? '凭证扫描.pdf' : '申报表.txt');
      writeFileSync(source, data[key]);
      const [outcome] = await session.documents.importFiles(clientId, [source]);
      rmSync(source);
      if (outcome?.status !== 'imported') throw new Error(`fixture import failed: ${JSON.stringify(outcome)}`);
      const row = vault.repos.documentRecords.byId(outcome.documentId);
      if (!row) throw new Error('fixture row missing');
      docs[key] = { key, id: row.id, blobPath: join('blobs', row.blobId.slice(0, 2), row.blobId), sha256: sha256(data[key]) };
    }
    const pageSize = vault.db.pragma('page_size', { simple: true }) as number;
    return { dir, recoveryIdentity, clientId, big: docs.big, small: docs.small, pageSize };
  } finally {
    await vault.close();
  }
}
