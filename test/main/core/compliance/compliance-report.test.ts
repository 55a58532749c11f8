/**
 * The self-check on a real vault: evidence from the vault itself (labels,
 * agreements, training, alerts, the audit chain), each item judged, the PDF
 * (embedded Noto Sans SC subset, read back with poppler's pdftotext with no
 * system fonts) walking every section of the policy, the JSON beside it, the
 * export recorded.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { ComplianceReport } from '../../../../src/shared/compliance';
import { POLICY_SECTIONS } from '../../../../src/main/core/compliance/policy-sections';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import { clientInput, password, useTempDirs } from '../../../helpers/vault-fixture';
import { documentFieldsSchema } from '../../../../src/shared/contract';

vi.setConfig({ testTimeout: 10 * 60_000 });
const fresh = useTempDirs('zd-selfcheck-');

function pdfText(dir: string, file: string): string {
  const conf = join(dir, 'fonts.conf');
  writeFileSync(conf, `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><cachedir>${join(dir, 'cache')}</cachedir></fontconfig>\n`);
  return execFileSync('pdftotext', ['-layout', file, '-'], { env: { ...process.env, FONTCONFIG_FILE: conf, FONTCONFIG_PATH: dir }, encoding: 'utf8' });
}

describe('compliance self-check', () => {
  it('judges each item from the vault, writes a PDF walking every policy section and the JSON beside it, recorded', async () => {
    const root = fresh();
    const m = new VaultManager({ vaultDir: join(root, 'vault'), stateDir: join(root, 'state') });
    await m.create('王所长', password('owner password 1'));
    const s = m.session();
    const minjiang = s.clients.create(clientInput({ name: '福州闽江财税咨询有限公司', label: 'secret' }));
    // A statement of 2010, kept 10 years under the 办法: past its retention, not yet destroyed.
    await s.documents.importBytes(minjiang.id, '2010年1月 银行对账单.pdf', Buffer.from('对账单'), documentFieldsSchema.parse({ category: '银行对账单', periodYear: 2010, periodMonth: 1 }));
    s.clients.create(clientInput({ name: '厦门鹭岛进出口贸易有限公司' }));
    const li = await s.staff.add('李会计', 'accountant', password('accountant pw 1'));
    const chen = await s.staff.add('陈会计', 'accountant', password('accountant pw 2'));
    const today = new Date();
    const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    await s.compliance.recordNda({ staffId: li.id, signedOn: day(-10), expiresOn: day(355), policyVersion: 'v1', scanPath: null });
    await s.compliance.setPolicy({ required: true, graceDays: 14 });
    s.compliance.recordTraining({ staffId: li.id, heldOn: day(-5), topic: '客户信息保密', note: '' });
    s.compliance.recordTraining({ staffId: chen.id, heldOn: day(-5), topic: '客户信息保密', note: '' });

    const report = await s.selfCheck.report();
    const status = Object.fromEntries(report.items.map((i) => [i.id, i.status]));
    expect(status).toEqual({
      labels: 'met',
      encryption: 'met',
      access: 'met',
      nda: 'partly', // 1 of 2 accountants
      training: 'met',
      ack: 'missing',
      offboarding: 'met',
      audit: 'met',
      backup: 'missing',
      alerts: 'met',
      retention: 'partly',
    });
    const labels = report.items.find((i) => i.id === 'labels')!;
    expect(labels.facts).toMatchObject({ clients: 2, labelled: 2, secret: 1, internal: 1 });
    expect(report.items.find((i) => i.id === 'nda')!.facts).toMatchObject({ staff: 2, valid: 1, inGrace: 1, required: true });
    expect(report.summary).toEqual({ met: 7, partly: 2, missing: 2 });
    expect(report.items.find((i) => i.id === 'retention')!.facts).toMatchObject({ periodsSet: true, pastRetention: 1 });
    expect(report.sections.map((x) => x.no)).toEqual(POLICY_SECTIONS.map((x) => x.no));
    expect(report.sections.find((x) => x.no === '一')!.items).toEqual(['labels', 'encryption', 'access', 'nda', 'training']);

    const pdf = join(root, '合规自查报告.pdf');
    const saved = await s.selfCheck.save(async () => pdf);
    expect(saved).toMatchObject({ cancelled: false, path: pdf, count: 11 });
    const json = JSON.parse(readFileSync(join(root, '合规自查报告.json'), 'utf8')) as ComplianceReport;
    expect(json.format).toBe('zhangdun-compliance-self-check');
    expect(json.items.map((i) => i.id)).toEqual(report.items.map((i) => i.id));
    expect(json.items.find((i) => i.id === 'retention')!.evidence.en).toBe('1 documents past their retention.');

    const text = pdfText(root, pdf).replace(/\s+/g, '');
    for (const section of POLICY_SECTIONS) expect(text).toContain(`${section.no}、${section.title.zh}`);
    expect(text).toContain('【部分符合】员工保密协议');
    expect(text).toContain('【部分符合】会计档案保管期限');
    expect(text).toContain('结论：符合7项，部分符合2项，缺失2项。');
    expect(readFileSync(pdf).includes(Buffer.from('/FontFile2'))).toBe(true);
    const events = s.audit.listAll({ action: 'report.compliance' });
    expect(events.map((e) => [e.detail.met, e.detail.partly, e.detail.missing, e.detail.file])).toEqual([[7, 2, 2, '合规自查报告.pdf']]);

    // An accountant may not see it (recorded as refused).
    await m.lock();
    await m.unlock('陈会计', password('accountant pw 2'));
    await expect(m.session().selfCheck.report()).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await m.close();
  });
});
