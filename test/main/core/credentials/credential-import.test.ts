/**
 * Importing credentials the way firms keep them today: their own sheet with
 * Chinese headers (clients named or given by 统一社会信用代码), a Bitwarden CSV
 * export and a KeePassXC CSV export. Bad rows are reported one by one and
 * the good ones still go in; nothing is written before the mapping is run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isVaultError } from '../../../../src/main/core/errors';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import type { VaultSession } from '../../../../src/main/core/vault/session';
import { clientInputSchema } from '../../../../src/shared/contract';
import { creditCodeCheckChar } from '../../../../src/shared/credit-code';

const pw = (s: string) => Buffer.from(s, 'utf8');
const code17 = '91350100MA2Y00001';
const CREDIT = `${code17}${creditCodeCheckChar(code17)}`;

let root: string;
let m: VaultManager;
let s: VaultSession;
let minjiang: string;
let ludao: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-cred-import-'));
  m = new VaultManager({ vaultDir: join(root, 'vault') });
  await m.create('张所长', pw('owner password 1'));
  s = m.session();
  minjiang = s.clients.create(clientInputSchema.parse({ name: '福州闽江财税咨询有限公司', creditCode: CREDIT })).id;
  ludao = s.clients.create(clientInputSchema.parse({ name: '厦门鹭岛贸易有限公司' })).id;
  s.clients.create(clientInputSchema.parse({ name: '重名商贸有限公司' }));
  s.clients.create(clientInputSchema.parse({ name: '重名商贸有限公司' }));
}, 60_000);

afterAll(async () => {
  await m.close();
  rmSync(root, { recursive: true, force: true });
});

const csv = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');

describe('credential import', () => {
  it('reads a firm’s own sheet: suggests the mapping, masks secrets in the sample, reports every bad row and imports the rest', async () => {
    const count = () => s.vault.repos.credentialRecords.count();
    const before = count();
    const preview = await s.credentialTransfer.preview(
      csv([
        '客户名称,类型,账号,密码,绑定手机,证书到期日,备注',
        `福州闽江财税咨询有限公司,电子税务局,${CREDIT},Etax-Imp-001!,13905910001,,每月15日前申报`,
        `${CREDIT},社保,msb001,Sb-Imp-002!,,,`,
        '厦门鹭岛贸易有限公司,CA数字证书,ld-ca,,,2027/3/1,证书在前台抽屉',
        ',,,,,,',
        '不存在的公司,公积金,gjj,Gjj-Imp-003!,,,',
        '厦门鹭岛贸易有限公司,网银,ld-bank,Bank-Imp-004!,,2027-02-30,',
        '重名商贸有限公司,工商年报,cm,Nb-Imp-005!,,,',
        '厦门鹭岛贸易有限公司,其他,,,,,只有备注',
      ]),
      '客户账号清单.csv',
    );
    expect(count()).toBe(before);
    expect(preview.format).toBe('sheet');
    expect(preview.mapping).toMatchObject({ client: 0, kind: 1, login: 2, password: 3, phone: 4, expiresOn: 5, notes: 6 });
    expect(preview.sheets[0]!.rows).toBe(8);
    expect(JSON.stringify(preview)).not.toContain('Etax-Imp-001!');

    const report = s.credentialTransfer.run(preview.token, 0, preview.mapping, null);
    expect(s.vault.repos.audit.last()).toMatchObject({ action: 'cred.import' });
    const byRow = new Map(report.map((r) => [r.row, r]));
    expect(byRow.get(2)).toMatchObject({ status: 'imported', clientId: minjiang, title: '电子税务局' });
    expect(byRow.get(3)).toMatchObject({ status: 'imported', clientId: minjiang });
    expect(byRow.get(4)).toMatchObject({ status: 'imported', clientId: ludao });
    expect(byRow.get(5)).toMatchObject({ status: 'skipped' });
    expect(byRow.get(6)).toMatchObject({ status: 'failed', code: 'NOT_FOUND' });
    expect(byRow.get(7)).toMatchObject({ status: 'failed', code: 'INVALID_INPUT' });
    expect(byRow.get(8)).toMatchObject({ status: 'failed', code: 'INVALID_INPUT' });
    expect(byRow.get(9)?.status).toBe('failed');
    expect(count()).toBe(before + 3);

    const etax = s.credentials.list(minjiang).find((c) => c.kind === 'etax')!;
    expect(s.credentials.reveal(etax.id, { secret: 'password' }).value).toBe('Etax-Imp-001!');
    expect(etax.phoneMasked).toBe('139****0001');
    const ca = s.credentials.list(ludao).find((c) => c.kind === 'certificate')!;
    expect(ca.expiresOn).toBe('2027-03-01');
    // A token is good for one run.
    expect(() => s.credentialTransfer.run(preview.token, 0, preview.mapping, null)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }) as Error);
  });

  it('puts rows without a client column into the chosen client', async () => {
    const preview = await s.credentialTransfer.preview(csv(['名称,登录名,登录密码', '电子税务局,ld-etax,Ld-Etax-9!']), 'x.csv');
    expect(preview.mapping.client).toBeNull();
    expect(() => s.credentialTransfer.run(preview.token, 0, preview.mapping, null)).not.toThrow();
    const again = await s.credentialTransfer.preview(csv(['名称,登录名,登录密码', '电子税务局,ld-etax,Ld-Etax-9!']), 'x.csv');
    const report = s.credentialTransfer.run(again.token, 0, again.mapping, ludao);
    expect(report).toEqual([expect.objectContaining({ row: 2, status: 'imported', clientId: ludao, title: '电子税务局' })]);
  });

  it('reads a Bitwarden export (folders are clients; cards and notes are skipped) and a KeePassXC export (groups are clients)', async () => {
    const bw = await s.credentialTransfer.preview(
      csv([
        'folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp',
        '福州闽江财税咨询有限公司,,login,公积金中心,,,0,https://gjj.example.cn,mj-gjj,Bw-Gjj-1!,JBSWY3DPEHPK3PXP',
        '福州闽江财税咨询有限公司,,card,公司信用卡,,,0,,,,',
        '厦门鹭岛贸易有限公司,,login,社保网厅,,,0,,ld-sb,Bw-Sb-2!,not-base32!!',
      ]),
      'bitwarden_export.csv',
    );
    expect(bw.format).toBe('bitwarden');
    const report = s.credentialTransfer.run(bw.token, 0, bw.mapping, null);
    expect(report.map((r) => r.status)).toEqual(['imported', 'skipped', 'failed']);
    const gjj = s.credentials.list(minjiang).find((c) => c.title === '公积金中心')!;
    expect(gjj.kind).toBe('housing-fund');
    expect(gjj.hasTotp).toBe(true);
    expect(s.credentials.totp(gjj.id).code).toMatch(/^\d{6}$/);

    const kp = await s.credentialTransfer.preview(
      csv([
        '"Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"',
        '"Root/厦门鹭岛贸易有限公司","网银（工行）","ld-icbc","Kp-Icbc-3!","","U盾在财务室","","0","2024-03-01T00:00:00Z","2024-03-01T00:00:00Z"',
      ]),
      'keepassxc.csv',
    );
    expect(kp.format).toBe('keepass');
    const kpReport = s.credentialTransfer.run(kp.token, 0, kp.mapping, ludao);
    expect(kpReport[0]).toMatchObject({ status: 'imported' });
    const icbc = s.credentials.list(ludao).find((c) => c.title === '网银（工行）')!;
    expect(icbc.kind).toBe('bank');
    expect(s.credentials.reveal(icbc.id, { secret: 'password' }).value).toBe('Kp-Icbc-3!');
  });

  it('refuses a file that is not a sheet, and an empty one, without writing', async () => {
    const refused = async (bytes: Buffer, name: string) => {
      try {
        await s.credentialTransfer.preview(bytes, name);
        return 'allowed';
      } catch (e) {
        return isVaultError(e) ? e.code : String(e);
      }
    };
    expect(await refused(Buffer.from('PK\u0003\u0004 broken zip'), 'broken.xlsx')).toBe('INVALID_INPUT');
    expect(await refused(Buffer.alloc(0), 'empty.csv')).toBe('INVALID_INPUT');
  });
});
