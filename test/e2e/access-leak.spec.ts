import type { Page } from '@playwright/test';
import { clientInputSchema, documentFieldsSchema } from '../../src/shared/contract';
import type { ChannelName } from '../../src/shared/channels';
import { dialog, documentRow, openClient } from './document-flows';
import { expect, test } from './fixtures';
import { buttonName, createVaultAndEnter, globalSearch, lock, submitUnlock } from './flows';
import type { TestVault } from './harness/test-vault';

const ACCOUNTANT = { name: '陈会计', password: 'Staff-e2e-2025!' } as const;
/** Both names share 茶业; only Y has 芗江. Both have a 银行对账单. */
const X = { name: '泉州刺桐茶业有限公司', doc: '刺桐-银行对账单.txt' } as const;
const Y = { name: '漳州芗江茶业有限公司', word: '芗江', doc: '芗江-银行对账单.txt' } as const;

interface Seeded {
  x: { id: string; docId: string };
  y: { id: string; docId: string };
}

/** The owner's clients, documents, the accountant and the one grant, straight into the vault. */
async function seed(vault: TestVault): Promise<Seeded> {
  const session = vault.manager.session();
  const add = async (name: string, doc: string, phone: string) => {
    const client = session.clients.create(clientInputSchema.parse({ name, label: 'confidential', phone, contactPerson: '林经理' }));
    const outcome = await session.documents.importBytes(client.id, doc, Buffer.from(`${name} 2025-06`, 'utf8'), documentFieldsSchema.parse({ category: '银行对账单' }));
    if (outcome.status !== 'imported') throw new Error(`could not import ${doc}`);
    return { id: client.id, docId: outcome.documentId };
  };
  const x = await add(X.name, X.doc, '13600001111');
  const y = await add(Y.name, Y.doc, '13700002222');
  const staff = await session.staff.add(ACCOUNTANT.name, 'accountant', Buffer.from(ACCOUNTANT.password, 'utf8'));
  await session.access.grant(x.id, staff.id);
  return { x, y };
}

async function listSearch(page: Page, text: string): Promise<void> {
  const input = page.getByPlaceholder('搜索客户名称、信用代码或联系人');
  await input.fill('');
  await input.pressSequentially(text, { delay: 30 });
}

test('the renderer of an accountant never receives an ungranted client’s id', async ({ page, vault, ipcHooks }) => {
  await createVaultAndEnter(page);
  const { x, y } = await seed(vault);
  await lock(page);

  // From here on, every answer the page receives is kept as the page gets it.
  const answers: { channel: ChannelName; text: string }[] = [];
  ipcHooks.onResponse = (channel, payload) => answers.push({ channel, text: JSON.stringify(payload) });

  await submitUnlock(page, ACCOUNTANT.name, ACCOUNTANT.password);
  await expect(page.getByTestId('client-list-page')).toBeVisible();
  await expect(page.getByTestId('current-staff')).toContainText(ACCOUNTANT.name);
  const rows = page.getByTestId('client-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(X.name);

  // The list's own search: Y's word finds nothing, the shared word only X.
  await listSearch(page, Y.word);
  await expect(page.getByTestId('client-count')).toContainText('共 0 家');
  await expect(rows).toHaveCount(0);
  await listSearch(page, '茶业');
  await expect(rows).toHaveCount(1);
  await listSearch(page, '');
  await expect(rows).toHaveCount(1);

  // The global search: Y's word, the shared word, a document word both clients have.
  await globalSearch(page, Y.word);
  await expect.poll(() => answers.filter((a) => a.channel === 'search').length).toBeGreaterThan(0);
  await expect(page.getByTestId('search-client')).toHaveCount(0);
  await globalSearch(page, '茶业');
  await expect(page.getByTestId('search-client')).toHaveCount(1);
  await globalSearch(page, '对账单');
  await expect(page.getByTestId('search-document')).toHaveCount(1);
  await expect(page.getByTestId('search-document')).toContainText(X.doc);
  await page.keyboard.press('Escape');

  // X's workspace: its documents, a masked field revealed, the preview, the trash.
  const detail = await openClient(page, X.name);
  await expect(documentRow(page, X.doc)).toBeVisible();
  await documentRow(page, X.doc).getByTestId('document-open').click();
  const preview = dialog(page, 'preview-modal');
  await expect(preview).toContainText(`${X.name} 2025-06`);
  await page.keyboard.press('Escape');
  await expect(preview).toBeHidden();
  await detail.getByTestId('trash-tab').click();
  await expect(detail.getByTestId('trash-table')).toBeVisible();

  // Every other page an accountant reaches.
  await expect(page.getByTestId('nav-staff')).toHaveCount(0);
  await expect(page.getByTestId('nav-audit')).toHaveCount(0);
  await expect(page.getByTestId('nav-backup')).toHaveCount(0);
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-page')).toBeVisible();
  await page.getByRole('button', { name: buttonName('客户档案') }).click();
  await expect(rows).toHaveCount(1);

  const channels = new Set(answers.map((a) => a.channel));
  for (const channel of ['vaultUnlock', 'sessionAccess', 'clientList', 'search', 'clientGet', 'docList', 'docPreview', 'lockSettingsGet'] as const) {
    expect(channels, `the walk reached ${channel}`).toContain(channel);
  }
  // Positive control: the recording sees X (its id, its name, its document) where the page was sent it.
  const all = answers.map((a) => a.text).join('\n');
  expect(all).toContain(x.id);
  expect(all).toContain(X.name);
  expect(all).toContain(x.docId);
  // Nothing of Y reached the page, in any answer.
  for (const needle of [y.id, Y.name, Y.word, y.docId, Y.doc]) {
    expect(answers.filter((a) => a.text.includes(needle)).map((a) => a.channel), `answers carrying ${needle}`).toEqual([]);
  }
});
