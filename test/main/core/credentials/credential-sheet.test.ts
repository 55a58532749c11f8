import { describe, expect, it } from 'vitest';
import {
  detectCredentialFormat,
  guessKind,
  KIND_TITLES,
  mapCredentialRows,
  normalizeDate,
  suggestMapping,
  type MappedCredentialRow,
} from '../../../../src/main/core/credentials/credential-sheet';
import { readSheet } from '../../../../src/main/core/sheets/read-sheet';
import type { CredentialColumnMapping, CredentialInput } from '../../../../src/shared/credentials';
import { credentialInputSchema } from '../../../../src/shared/credential-schemas';

const NONE: CredentialColumnMapping = {
  client: null, kind: null, title: null, login: null, password: null, pin: null,
  certPassword: null, phone: null, url: null, expiresOn: null, notes: null, totp: null,
};

async function sheetOf(csv: string): Promise<{ header: string[]; rows: string[][] }> {
  const book = await readSheet(Buffer.from(csv), 'x.csv');
  const [header = [], ...rows] = book.sheets[0]?.rows ?? [];
  return { header, rows };
}

const inputOf = (r: MappedCredentialRow | undefined): CredentialInput => {
  if (!r || !('input' in r)) throw new Error(`not an input: ${JSON.stringify(r)}`);
  return r.input;
};

const BITWARDEN = `folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp
客户/北京甲科技有限公司,,login,北京电子税务局,季报前确认,,0,https://etax.beijing.chinatax.gov.cn,91110000MA01ABCD1X,Pa55-etax,
,1,login,工商银行企业网银,,,0,"https://corporbank.icbc.com.cn,https://www.icbc.com.cn",op001,Bank#1,otpauth://totp/ICBC:op001?secret=JBSWY3DPEHPK3PXP
Personal,,note,My note,secret text,,0,,,,
,,card,Visa,,,0,,,,
`;

const KEEPASSXC = `"Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"
"Root/上海乙贸易有限公司","社保","sh-si-01","Sb!2024","https://zwdt.sh.gov.cn","","","0","2025-01-01T00:00:00Z","2024-01-01T00:00:00Z"
"Root","公积金","gjj-01","Gjj!2024","","","","0","2025-01-01T00:00:00Z","2024-01-01T00:00:00Z"
`;

const KEEPASS2 = `"Account","Login Name","Password","Web Site","Comments"
"自然人电子税务局（扣缴端）","zhangsan","Zr@2024","","扣缴申报"
`;

describe('detectCredentialFormat and suggestMapping', () => {
  it('recognises a Bitwarden export and maps its columns', async () => {
    const { header } = await sheetOf(BITWARDEN);
    expect(detectCredentialFormat(header)).toBe('bitwarden');
    expect(suggestMapping(header)).toEqual({ ...NONE, client: 0, kind: 2, title: 3, notes: 4, url: 7, login: 8, password: 9, totp: 10 });
  });

  it('recognises KeePassXC and KeePass 2.x exports', async () => {
    const xc = (await sheetOf(KEEPASSXC)).header;
    expect(detectCredentialFormat(xc)).toBe('keepass');
    expect(suggestMapping(xc)).toEqual({ ...NONE, client: 0, title: 1, login: 2, password: 3, url: 4, notes: 5, totp: 6 });
    const kp2 = (await sheetOf(KEEPASS2)).header;
    expect(detectCredentialFormat(kp2)).toBe('keepass');
    expect(suggestMapping(kp2)).toEqual({ ...NONE, title: 0, login: 1, password: 2, url: 3, notes: 4 });
  });

  it.each<[string, string[], Partial<CredentialColumnMapping>]>([
    [
      'a firm’s own sheet',
      ['客户名称', '类型', '系统', '登录账号', '登录密码', 'U盾密码', '证书密码', '绑定手机', '网址', '证书到期', '备注', '动态口令'],
      { client: 0, kind: 1, title: 2, login: 3, password: 4, pin: 5, certPassword: 6, phone: 7, url: 8, expiresOn: 9, notes: 10, totp: 11 },
    ],
    [
      'required-field stars and spaces',
      ['*公司名称', ' 账号 ', '密码：', 'PIN', '有效期至', '说明'],
      { client: 0, login: 1, password: 2, pin: 3, expiresOn: 4, notes: 5 },
    ],
    ['a credit-code column names the client when no name column does', ['统一社会信用代码', '用户名', '密码'], { client: 0, login: 1, password: 2 }],
    ['…and is the etax login when a name column names the client', ['企业名称', '纳税人识别号', '密码', '账号类型'], { client: 0, login: 1, password: 2, kind: 3 }],
    ['…but a real login column wins', ['客户', '纳税人识别号', '登录名', '密码'], { client: 0, login: 2, password: 3 }],
    ['English headers', ['Client', 'Type', 'Title', 'Username', 'Password', 'Phone', 'URL', 'Expires', 'Notes', 'TOTP'], {
      client: 0, kind: 1, title: 2, login: 3, password: 4, phone: 5, url: 6, expiresOn: 7, notes: 8, totp: 9,
    }],
    ['the first of two candidate columns', ['名称', '平台', '密码', '交易密码', '手机号', '地址'], { title: 0, password: 2, pin: 3, phone: 4, url: 5 }],
    ['nothing it knows', ['序号', 'foo', ''], {}],
  ])('maps %s', (_name, header, expected) => {
    expect(detectCredentialFormat(header)).toBe('sheet');
    expect(suggestMapping(header)).toEqual({ ...NONE, ...expected });
  });
});

describe('mapCredentialRows', () => {
  it('imports a Bitwarden export, skipping what is not a login', async () => {
    const { header, rows } = await sheetOf(BITWARDEN);
    const out = mapCredentialRows(rows, suggestMapping(header), 2);
    expect(out).toEqual([
      {
        row: 2,
        clientRef: '北京甲科技有限公司',
        input: {
          kind: 'etax',
          title: '北京电子税务局',
          login: '91110000MA01ABCD1X',
          url: 'https://etax.beijing.chinatax.gov.cn',
          phone: null,
          expiresOn: null,
          notes: '季报前确认',
          custom: [],
          secrets: { password: 'Pa55-etax' },
        },
      },
      {
        row: 3,
        clientRef: null,
        input: {
          kind: 'bank',
          title: '工商银行企业网银',
          login: 'op001',
          url: 'https://corporbank.icbc.com.cn',
          phone: null,
          expiresOn: null,
          notes: '',
          custom: [],
          secrets: { password: 'Bank#1' },
          totp: 'otpauth://totp/ICBC:op001?secret=JBSWY3DPEHPK3PXP',
        },
      },
      { row: 4, skip: 'not-a-login' },
      { row: 5, skip: 'not-a-login' },
    ]);
  });

  it('imports KeePassXC and KeePass 2.x exports', async () => {
    const xc = await sheetOf(KEEPASSXC);
    const [a, b] = mapCredentialRows(xc.rows, suggestMapping(xc.header), 2);
    expect(a).toMatchObject({ row: 2, clientRef: '上海乙贸易有限公司', input: { kind: 'social-security', title: '社保', login: 'sh-si-01', secrets: { password: 'Sb!2024' } } });
    // The root group names no client.
    expect(b).toMatchObject({ row: 3, clientRef: null, input: { kind: 'housing-fund', title: '公积金' } });
    const kp2 = await sheetOf(KEEPASS2);
    expect(mapCredentialRows(kp2.rows, suggestMapping(kp2.header), 2)).toMatchObject([
      { row: 2, clientRef: null, input: { kind: 'etax-individual', login: 'zhangsan', notes: '扣缴申报', secrets: { password: 'Zr@2024' } } },
    ]);
  });

  it('reads a Chinese sheet: kinds from the kind column or the title, default titles, dates, secrets only when set', async () => {
    const csv = [
      '客户名称,类型,名称,登录账号,登录密码,U盾密码,证书密码,绑定手机,到期日,备注',
      '北京甲公司,网银,,op01,Pw-1,123456,,13800138000,2025/3/1,',
      '北京甲公司,,CA数字证书,,,,Cert#9,,2025年12月31日,年审',
      '北京甲公司,,社保费管理客户端,sb01,Sb-1,,,,,',
      '北京甲公司,,住房公积金,gjj01,G-1,,,,20260101,',
      '北京甲公司,,国家企业信用信息公示系统,,Nb-1,,,,45717,',
      '北京甲公司,,自然人电子税务局扣缴端,,Zr-1,,,,长期,',
      '北京甲公司,,某某平台,u1,,,,,2025.3.1,',
      '北京甲公司,etax,,91110000MA01ABCD1X,Et-1,,,,2025-03-01 00:00,',
    ].join('\n');
    const { header, rows } = await sheetOf(csv);
    const out = mapCredentialRows(rows, suggestMapping(header), 2).map(inputOf);
    expect(out.map((i) => [i.kind, i.title, i.expiresOn])).toEqual([
      ['bank', KIND_TITLES.bank, '2025-03-01'],
      ['certificate', 'CA数字证书', '2025-12-31'],
      ['social-security', '社保费管理客户端', null],
      ['housing-fund', '住房公积金', '2026-01-01'],
      ['annual-report', '国家企业信用信息公示系统', '2025-03-01'],
      ['etax-individual', '自然人电子税务局扣缴端', null],
      ['other', '某某平台', '2025-03-01'],
      ['etax', '电子税务局', '2025-03-01'],
    ]);
    expect(out[0]).toMatchObject({ login: 'op01', phone: '13800138000', secrets: { password: 'Pw-1', pin: '123456' } });
    expect(out[1]).toMatchObject({ login: null, notes: '年审', secrets: { certPassword: 'Cert#9' } });
    expect(Object.keys(out[6]?.secrets ?? {})).toEqual([]);
    for (const input of out) {
      expect(input.custom).toEqual([]);
      expect('totp' in input).toBe(false);
      // What it makes passes the channel's own schema.
      expect(credentialInputSchema.safeParse(input).success).toBe(true);
    }
  });

  it('reports malformed rows by field and reason, never by value', () => {
    const mapping: CredentialColumnMapping = { ...NONE, client: 0, title: 1, login: 2, password: 3, expiresOn: 4, notes: 5, totp: 6, pin: 7, url: 8, phone: 9 };
    const row = (over: Record<number, string>) => Array.from({ length: 10 }, (_, i) => over[i] ?? ['甲公司', '网银', 'u', 'p', '', '', '', '', '', ''][i] ?? '');
    const out = mapCredentialRows(
      [
        row({}),
        ['', '', '', '', '', '', '', '', '', ''],
        [],
        row({ 2: '', 3: '' }),
        row({ 4: '2025-02-30' }),
        row({ 4: '下个月' }),
        row({ 4: '30' }),
        row({ 1: 'x'.repeat(201) }),
        row({ 5: 'x'.repeat(4001) }),
        row({ 3: 'x'.repeat(1025) }),
        row({ 7: 'x'.repeat(1025) }),
        row({ 6: 'NOT*BASE32' }),
        row({ 6: 'otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP' }),
        row({ 8: 'h'.repeat(501) }),
        row({ 9: '1'.repeat(41) }),
        row({ 2: '', 3: '', 6: 'JBSWY3DPEHPK3PXP' }),
      ],
      mapping,
      10,
    );
    expect(out.map((r) => ('input' in r ? 'ok' : 'skip' in r ? `skip:${r.skip}` : `${r.error.field}:${r.error.reason}`))).toEqual([
      'ok',
      'skip:empty',
      'skip:empty',
      'login:nothing-to-keep',
      'expiresOn:date',
      'expiresOn:date',
      'expiresOn:date',
      'title:too-long',
      'notes:too-long',
      'password:too-long',
      'pin:too-long',
      'totp:base32',
      'totp:hotp',
      'url:too-long',
      'phone:too-long',
      'ok',
    ]);
    expect(out.map((r) => r.row)).toEqual(Array.from({ length: 16 }, (_, i) => 10 + i));
    expect(JSON.stringify(out.filter((r) => !('input' in r)))).not.toMatch(/BASE32|JBSWY3|xxxx/);
  });

  it('treats a mapping pointing past a short row as empty cells', () => {
    const out = mapCredentialRows([['甲公司', 'u1']], { ...NONE, client: 0, login: 1, password: 7, notes: 9 }, 2);
    expect(inputOf(out[0])).toMatchObject({ login: 'u1', secrets: {}, notes: '' });
  });
});

describe('guessKind and normalizeDate', () => {
  it.each([
    ['电子税务局', 'etax'],
    ['国家税务总局广东省电子税务局', 'etax'],
    ['自然人电子税务局', 'etax-individual'],
    ['个税扣缴', 'etax-individual'],
    ['社会保险网上服务', 'social-security'],
    ['公积金', 'housing-fund'],
    ['中国工商银行网银', 'bank'],
    ['U盾', 'bank'],
    ['CA证书', 'certificate'],
    ['数字证书', 'certificate'],
    ['工商年报', 'annual-report'],
    ['certificate', 'certificate'],
    ['housing-fund', 'housing-fund'],
    ['https://etax.shanghai.chinatax.gov.cn', 'etax'],
    ['https://www.gsxt.gov.cn', 'annual-report'],
    ['Local cache', null],
    ['某某平台', null],
  ])('%s → %s', (text, kind) => {
    expect(guessKind(text)).toBe(kind);
  });

  it.each([
    ['2025/3/1', '2025-03-01'],
    ['2025-03-01', '2025-03-01'],
    ['2025.3.1', '2025-03-01'],
    ['2025年3月1日', '2025-03-01'],
    ['2025 年 3 月 1 日', '2025-03-01'],
    ['20250301', '2025-03-01'],
    ['45717', '2025-03-01'],
    ['45717.75', '2025-03-01'],
    ['2025-03-01T08:00:00Z', '2025-03-01'],
    ['2024/2/29', '2024-02-29'],
    ['', null],
    ['长期', null],
    ['永久有效', null],
    ['2025/2/29', undefined],
    ['2025/13/1', undefined],
    ['3/1/2025', undefined],
    ['1234', undefined],
    ['明年', undefined],
  ])('%j → %j', (text, expected) => {
    expect(normalizeDate(text)).toBe(expected);
  });
});
