/** 分享给外部: select documents, share them with an outside party; the package decrypts with the passphrase shown once, its PDF carries the watermark, the share is in 分享记录. */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decrypter } from 'age-encryption';
import { writePdf } from '../../src/main/core/reports/pdf-writer';
import { reportFont } from '../../src/main/core/reports/report-font';
import { clientInputSchema, documentFieldsSchema } from '../../src/shared/contract';
import { dialog, documentRow, openClient } from './document-flows';
import { expect, test } from './fixtures';
import { buttonName, createVaultAndEnter } from './flows';

const CLIENT = '漳州九龙江贸易有限公司';
const RECIPIENT = '厦门鹭江会计师事务所';

test('shares two documents as a passphrase package; it decrypts, the PDF is watermarked, the share is listed and audited', async ({ page, vault, saveScreen }) => {
  await createVaultAndEnter(page);
  const session = vault.manager.session();
  const client = session.clients.create(clientInputSchema.parse({ name: CLIENT }));
  const pdf = writePdf([{ texts: [{ x: 60, y: 760, size: 14, text: '利润表 2025' }], lines: [] }], '利润表', undefined, reportFont());
  for (const [name, bytes] of [['利润表 2025.pdf', pdf], ['说明.txt', Buffer.from('附注', 'utf8')]] as const) {
    const outcome = await session.documents.importBytes(client.id, name, bytes, documentFieldsSchema.parse({ category: '财务报表' }));
    if (outcome.status !== 'imported') throw new Error(`could not import ${name}`);
  }
  await page.reload();
  await openClient(page, CLIENT);

  for (const name of ['利润表 2025.pdf', '说明.txt']) await documentRow(page, name).getByRole('checkbox', { name: `选择“${name}”` }).check();
  const bar = page.getByTestId('bulk-bar-active');
  await expect(bar.getByTestId('bulk-count')).toHaveText('已选 2 个文件');
  await bar.getByTestId('bulk-share').click();

  const modal = dialog(page, 'share-modal');
  await expect(modal).toContainText('无法收回');
  await modal.getByTestId('share-recipient').fill(RECIPIENT);
  await modal.getByTestId('share-purpose').fill('2025 年度审计');
  await saveScreen('share-dialog');
  const out = await mkdtemp(join(tmpdir(), 'zhangdun-share-'));
  const target = join(out, 'share.tar.age');
  vault.dialogs.answerSave(target);
  await modal.getByRole('button', { name: buttonName('选择保存位置…') }).click();

  const done = dialog(page, 'share-done');
  const shown = done.getByTestId('share-passphrase');
  await expect(shown).toHaveText(/^(\w{4}-){5}\w{4}$/);
  await expect(done.getByTestId('share-passphrase-copy')).toBeVisible();
  await expect(done).toContainText('只显示这一次');
  const passphrase = (await shown.textContent())!;
  expect(vault.dialogs.opened).toEqual([expect.stringMatching(new RegExp(`^save:${CLIENT} 分享给 ${RECIPIENT} \\d{4}-\\d{2}-\\d{2}\\.tar\\.age$`))]);
  await saveScreen('share-passphrase');

  // The file is an age file the passphrase opens; inside, a tar with the files and the index.
  expect(await readdir(out)).toEqual(['share.tar.age']);
  const decrypter = new Decrypter();
  decrypter.addPassphrase(passphrase);
  const tar = Buffer.from(await decrypter.decrypt(await readFile(target)));
  expect(execFileSync('tar', ['-t'], { input: tar, encoding: 'utf8' }).trim().split('\n')).toEqual(['files/利润表 2025.pdf', 'files/说明.txt', '索引.txt', 'index.json']);
  const index = JSON.parse(execFileSync('tar', ['-xO', 'index.json'], { input: tar, encoding: 'utf8' })) as { recipient: string; purpose: string; until: string };
  expect(index).toMatchObject({ recipient: RECIPIENT, purpose: '2025 年度审计', until: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  const stamped = join(out, 'stamped.pdf');
  await writeFile(stamped, execFileSync('tar', ['-xO', 'files/利润表 2025.pdf'], { input: tar }));
  expect(execFileSync('pdftotext', [stamped, '-'], { encoding: 'utf8' })).toContain(`仅供 ${RECIPIENT} 使用`);

  // Closing forgets the passphrase; the register lists the share.
  await done.getByRole('button', { name: buttonName('完成') }).click();
  await expect(page.getByTestId('share-passphrase')).toHaveCount(0);
  await page.getByTestId('shares-tab').click();
  const table = page.getByTestId('shares-table');
  await expect(table).toContainText(RECIPIENT);
  await expect(table).toContainText('2025 年度审计');
  await saveScreen('share-register');
  expect(session.audit.listAll({ action: 'share.create' as never }).map((e) => [e.outcome, e.detail.to])).toEqual([['success', RECIPIENT]]);
});
