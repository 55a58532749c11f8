/**
 * The incident register inside a real vault: opened from a real alert (an
 * accountant exporting in a burst) with its scope prefilled, the timeline and
 * the affected clients read from the audit log and the vault, drafts edited
 * and exported, closed and then read-only; an accountant is refused; the
 * stored rows hold no client or staff name in the clear; and the register
 * survives the master key being replaced.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_ALERT_SETTINGS } from '../../../../src/shared/alerts';
import { clientInputSchema, documentFieldsSchema } from '../../../../src/shared/contract';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import { thrownCode as code } from '../../../helpers/thrown-code';

const pw = (s: string) => Buffer.from(s, 'utf8');
const OWNER = ['王所长', 'owner password 1'] as const;
const LI = ['李会计', 'accountant pw 1'] as const;
const TEA = '泉州安溪茶业有限公司';
const QUIET = '厦门鼓浪屿文具有限公司';
// Several Argon2id unlocks on two shared cores: a cap against a hang, not a speed assertion.
vi.setConfig({ testTimeout: 10 * 60_000, hookTimeout: 10 * 60_000 });

let root: string;
let m: VaultManager;
let liId: string;
let teaId: string;
let alertSeq: number;
let incidentId: string;


beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-incidents-'));
  m = new VaultManager({ vaultDir: join(root, 'vault'), stateDir: join(root, 'state') });
  await m.create(OWNER[0], pw(OWNER[1]));
  const s = m.session();
  // Off-hours off: exact event lists must not depend on the hour the suite runs at.
  s.alerts.setSettings({ ...DEFAULT_ALERT_SETTINGS, offHours: { ...DEFAULT_ALERT_SETTINGS.offHours, enabled: false }, docBurst: { enabled: true, count: 3, minutes: 10 }, firstAccess: { enabled: false } });
  liId = (await s.staff.add(LI[0], 'accountant', pw(LI[1]))).id;
  const tea = s.clients.create(clientInputSchema.parse({ name: TEA, phone: '0595-12345678', label: 'internal' }));
  const quiet = s.clients.create(clientInputSchema.parse({ name: QUIET, label: 'internal' }));
  teaId = tea.id;
  const add = async (clientId: string, name: string, category: string) => {
    const outcome = await s.documents.importBytes(clientId, name, pw(name), documentFieldsSchema.parse({ category }));
    if (outcome.status !== 'imported') throw new Error(outcome.status);
    return outcome.documentId;
  };
  const docs = [await add(tea.id, '银行对账单-1月.txt', '银行对账单'), await add(tea.id, '银行对账单-2月.txt', '银行对账单'), await add(tea.id, '增值税发票.txt', '发票')];
  await add(quiet.id, '工资表.txt', '工资');
  await s.access.grant(tea.id, liId);
  await s.access.grant(quiet.id, liId);
  await m.lock();

  await m.unlock(LI[0], pw(LI[1]));
  const li = m.session();
  for (const [i, d] of docs.entries()) await li.documents.exportWithPolicy(d, '', async () => join(root, `out-${i}.txt`));
  li.clients.reveal(tea.id, 'phone');
  // The register is for owners and admins: an accountant is refused, and the refusal is recorded.
  expect(code(() => li.incidents.list())).toBe('PERMISSION_DENIED');
  expect(code(() => li.incidents.openFromAlert(1))).toBe('PERMISSION_DENIED');
  await m.lock();
  await m.unlock(OWNER[0], pw(OWNER[1]));
  const [alert] = m.session().alerts.list().items.filter((a) => a.rule === 'doc-burst');
  alertSeq = alert!.seq;
});

afterAll(async () => {
  await m.close();
  rmSync(root, { recursive: true, force: true });
});

describe('incidents', () => {
  it('opens from an alert with its staff member, client and a window around its events; recorded', () => {
    const s = m.session();
    const incident = s.incidents.openFromAlert(alertSeq);
    incidentId = incident.id;
    expect(incident).toMatchObject({ status: 'open', alert: alertSeq, openedByName: OWNER[0], staffNames: [LI[0]], scope: { staffIds: [liId], clientIds: [teaId] } });
    expect(incident.title).toContain('短时间内大量查看或导出资料');
    expect(Date.parse(incident.scope.from)).toBeLessThan(Date.parse(incident.scope.to));
    const opened = s.audit.listAll({ action: 'incident.open', outcome: 'success' });
    expect(opened.map((e) => [e.staffName, e.detail.incident, e.detail.alert])).toEqual([[OWNER[0], incidentId.slice(0, 8), alertSeq]]);
    // The accountant's refusals were recorded too.
    expect(s.audit.listAll({ action: 'incident.open', outcome: 'denied' }).map((e) => e.staffName)).toEqual([LI[0], LI[0]]);
    expect(s.incidents.list().map((i) => i.id)).toEqual([incidentId]);
  });

  it('builds its timeline from the audit events in scope, and lists the affected client and kinds of data from the vault', () => {
    const detail = m.session().incidents.get(incidentId);
    const events = detail.timeline.flatMap((t) => (t.kind === 'event' ? [t] : []));
    expect(events.filter((e) => e.action === 'doc.export').map((e) => e.documentName)).toEqual(['银行对账单-1月.txt', '银行对账单-2月.txt', '增值税发票.txt']);
    expect(events.every((e) => e.staffName === LI[0])).toBe(true);
    // The client the accountant did not touch is not affected, and nobody else's events are in the timeline.
    expect(events.some((e) => e.clientName === QUIET)).toBe(false);
    expect(detail.affected).toEqual([
      {
        clientId: teaId,
        clientName: TEA,
        kinds: ['documents', 'client-fields'],
        documentCategories: [
          { category: '银行对账单', count: 2 },
          { category: '发票', count: 1 },
        ],
        fields: ['phone'],
        credentials: 0,
        events: events.filter((e) => e.clientName === TEA).length,
      },
    ]);
    expect(detail.drafts.map((d) => [d.target, d.addressee, d.edited])).toEqual([
      [`client:${teaId}`, TEA, false],
      ['regulator', '监管部门', false],
    ]);
    const notice = detail.drafts[0]!.text;
    expect(notice).toContain(`致：${TEA}`);
    expect(notice).toContain('会计及税务资料 3 份（银行对账单 2 份、发票 1 份）');
    expect(notice).toContain('客户登记信息：电话');
    for (const item of ['涉及的个人信息种类', '原因和可能造成的危害', '已采取的补救措施', '减轻危害的措施', '联系方式']) {
      expect(notice).toContain(item);
      expect(detail.drafts[1]!.text).toContain(item);
    }
  });

  it('records actions and edited drafts in the timeline and the record; exports the draft as it stands, recorded under the client', async () => {
    const s = m.session();
    // A suspension made from the alert is a measure taken, without anyone writing it down.
    await s.alerts.suspend(liId, alertSeq);
    expect(s.incidents.get(incidentId).timeline.some((t) => t.kind === 'event' && t.action === 'staff.suspend')).toBe(true);
    s.incidents.addAction(incidentId, '已通知客户更换电子税务局密码');
    s.incidents.update(incidentId, { contact: '王所长 0592-5551234' });
    const regulator = s.incidents.get(incidentId).drafts.find((d) => d.target === 'regulator')!;
    expect(regulator.text).toContain('已暂停员工李会计的访问权限');
    expect(regulator.text).toContain('已通知客户更换电子税务局密码');
    expect(regulator.text).toContain('联系人：王所长 0592-5551234');
    const edited = s.incidents.saveDraft(incidentId, `client:${teaId}`, `致：${TEA}\n\n经核查，补充说明如下。`);
    expect(edited.drafts[0]).toMatchObject({ edited: true, text: `致：${TEA}\n\n经核查，补充说明如下。` });
    expect(edited.timeline.some((t) => t.kind === 'action' && t.text === '已通知客户更换电子税务局密码')).toBe(true);

    const target = join(root, 'notice.pdf');
    const picked: string[] = [];
    const saved = await s.incidents.exportDraft(incidentId, `client:${teaId}`, async (name) => (picked.push(name), target));
    expect(saved).toMatchObject({ cancelled: false, path: target });
    expect(picked).toEqual([`个人信息安全事件告知函-${TEA}.pdf`]);
    expect(readFileSync(target).subarray(0, 5).toString()).toBe('%PDF-');
    expect(await s.incidents.exportDraft(incidentId, 'regulator', async () => null)).toEqual({ cancelled: true });
    const exports = s.audit.listAll({ action: 'incident.export' });
    expect(exports.map((e) => [e.clientName, e.detail.target, e.detail.edited])).toEqual([[TEA, 'client', true]]);
    expect(s.audit.listAll({ action: 'incident.update' }).map((e) => e.detail.change)).toEqual(['action', 'contact', 'draft']);
  });

  it('stores no client or staff name in the clear: the raw rows hold ciphertext only', () => {
    const rows = m.session().vault.db.prepare('SELECT * FROM incidents').all() as Record<string, unknown>[];
    expect(rows.length).toBe(1);
    const raw = rows.map((r) => Object.values(r).map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') + v.toString('latin1') : String(v))).join('|')).join('\n');
    for (const secret of [TEA, LI[0], OWNER[0], '已通知', '0592-5551234', '银行对账单']) expect(raw).not.toContain(secret);
    // Moved to another id, the body does not open.
    const s = m.session();
    s.vault.write(() => s.vault.db.prepare("INSERT INTO incidents (id, holder, rev, opened_at, body) SELECT ?, holder, rev, opened_at, body FROM incidents WHERE id = ?").run('f'.repeat(32), incidentId));
    expect(code(() => s.incidents.get('f'.repeat(32)))).toBe('TAMPERED');
    s.vault.write(() => s.vault.db.prepare('DELETE FROM incidents WHERE id = ?').run('f'.repeat(32)));
  });

  it('closes with a cause and lessons; a closed incident refuses every change with INCIDENT_CLOSED, and still exports', async () => {
    const s = m.session();
    const closed = s.incidents.close(incidentId, '员工违规批量导出资料', '导出超过 20 份需主管审批');
    expect(closed).toMatchObject({ status: 'closed', closure: { staffName: OWNER[0], cause: '员工违规批量导出资料', lessons: '导出超过 20 份需主管审批' } });
    expect(code(() => s.incidents.addAction(incidentId, 'x'))).toBe('INCIDENT_CLOSED');
    expect(code(() => s.incidents.update(incidentId, { title: 'x' }))).toBe('INCIDENT_CLOSED');
    expect(code(() => s.incidents.saveDraft(incidentId, 'regulator', 'x'))).toBe('INCIDENT_CLOSED');
    expect(code(() => s.incidents.close(incidentId, 'x', 'y'))).toBe('INCIDENT_CLOSED');
    expect(s.incidents.get(incidentId).drafts.find((d) => d.target === 'regulator')!.text).toContain('原因：员工违规批量导出资料');
    const target = join(root, 'report.pdf');
    await s.incidents.exportDraft(incidentId, 'regulator', async () => target);
    expect(existsSync(target)).toBe(true);
    expect(s.audit.listAll({ action: 'incident.close' })).toHaveLength(1);
  });

  it('stays readable after the master key is replaced (resealed with the client keys’ wraps)', async () => {
    const s = m.session();
    await s.access.replaceMasterAndRotateAll();
    expect(s.incidents.get(incidentId).closure?.cause).toBe('员工违规批量导出资料');
    await m.lock();
    await m.unlock(OWNER[0], pw(OWNER[1]));
    expect(m.session().incidents.list().map((i) => [i.id, i.status])).toEqual([[incidentId, 'closed']]);
    const holders = m.session().vault.db.prepare('SELECT holder FROM incidents').all();
    expect(holders).toEqual([{ holder: 'master' }]);
  });
});
