import type { Page } from '@playwright/test';
import { clientInputSchema, documentFieldsSchema } from '../../src/shared/contract';
import { openClient } from './document-flows';
import { createVaultAndEnter } from './flows';
import type { PageWindow } from './harness/page-window';
import type { TestVault } from './harness/test-vault';

/** A client whose every value is unique to these tests, so finding any of them anywhere means it leaked. */
export const SECRET_CLIENT = {
  name: '漳州九龙江锁定测试贸易有限公司',
  creditCode: '91350600MA2XK7Q81Y',
  contactPerson: '黄丽萍',
  phone: '13912345678',
  bankAccount: '6222020200998877665',
  notes: '客户备注-ZQ81',
} as const;

export const SECRET_DOCS = [
  { name: '2025年3月银行流水-KX7Q.csv', bytes: '日期,摘要,金额\r\n2025-03-01,货款-流水标记ZQ81,1200.00\r\n' },
  { name: '增值税申报说明-KX7Q.txt', bytes: '申报说明正文-KX7Q' },
] as const;

/** Document metadata that is only in the document list. */
export const SECRET_DOC_FIELDS = { category: '银行对账单-KX7Q', tags: ['标签-KX7Q'], notes: '资料备注-KX7Q' } as const;

/** The strings of SECRET_CLIENT and SECRET_DOCS that the workspace shows (or holds) once opened, previewed and revealed. */
export const SECRET_STRINGS: readonly string[] = [
  SECRET_CLIENT.name,
  SECRET_CLIENT.creditCode,
  SECRET_CLIENT.contactPerson,
  SECRET_CLIENT.phone,
  SECRET_CLIENT.notes,
  ...SECRET_DOCS.map((d) => d.name),
  SECRET_DOC_FIELDS.category,
  SECRET_DOC_FIELDS.tags[0],
  SECRET_DOC_FIELDS.notes,
  '流水标记ZQ81',
];

/** Creates the vault in the UI, puts SECRET_CLIENT and its documents straight into it, and opens the client's workspace. */
export async function openSecretClient(page: Page, vault: TestVault): Promise<{ clientId: string; staffId: string }> {
  await createVaultAndEnter(page);
  return seedAndOpenSecretClient(page, vault);
}

/** In an unlocked vault: SECRET_CLIENT and its documents straight into the vault, then the client's workspace opened. */
export async function seedAndOpenSecretClient(page: Page, vault: TestVault): Promise<{ clientId: string; staffId: string }> {
  const session = vault.manager.session();
  const client = session.clients.create(
    clientInputSchema.parse({
      name: SECRET_CLIENT.name,
      creditCode: SECRET_CLIENT.creditCode,
      contactPerson: SECRET_CLIENT.contactPerson,
      phone: SECRET_CLIENT.phone,
      bankAccount: SECRET_CLIENT.bankAccount,
      notes: SECRET_CLIENT.notes,
      label: 'confidential',
    }),
  );
  for (const doc of SECRET_DOCS) {
    const outcome = await session.documents.importBytes(client.id, doc.name, Buffer.from(doc.bytes, 'utf8'), documentFieldsSchema.parse(SECRET_DOC_FIELDS));
    if (outcome.status !== 'imported') throw new Error(`could not import ${doc.name}`);
  }
  // The list was read before the client existed; a reload (not a lock: the vault stays open) reads it again.
  await page.reload();
  await openClient(page, SECRET_CLIENT.name);
  const staffId = vault.manager.status().staff?.id;
  if (!staffId) throw new Error('no staff signed in');
  return { clientId: client.id, staffId };
}

interface PageStorage {
  local: Record<string, string>;
  session: Record<string, string>;
  indexedDb: string[];
}

/** Everything the page keeps in Web Storage and IndexedDB. */
export async function pageStorage(page: Page): Promise<PageStorage> {
  return page.evaluate(async () => {
    const w = globalThis as unknown as PageWindow & {
      localStorage: Record<string, string>;
      sessionStorage: Record<string, string>;
      indexedDB: { databases(): Promise<{ name?: string }[]> };
    };
    return {
      local: { ...w.localStorage },
      session: { ...w.sessionStorage },
      indexedDb: (await w.indexedDB.databases()).map((db) => db.name ?? ''),
    };
  });
}

/** The page's visible text, read into the test (the strings searched for never go into the page). */
export async function bodyText(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText);
}

/** A bridge call made by hand, as any script in the page could. */
export async function bridgeClientList(page: Page): Promise<unknown> {
  return page.evaluate(() => (globalThis as unknown as PageWindow).zhangdun.clientList({}));
}

/** The shortcut main listens for on this platform, as Playwright names keys. */
export const LOCK_KEYS = process.platform === 'darwin' ? 'Meta+l' : 'Control+l';
export const LOCK_SHORTCUT_LABEL = process.platform === 'darwin' ? '⌘L' : 'Ctrl+L';
