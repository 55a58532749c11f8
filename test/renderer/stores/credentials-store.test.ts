import { describe, expect, it } from 'vitest';
import type { CredentialInput } from '../../../src/shared/credentials';
import { localDay } from '../../../src/renderer/src/credentials/expiry';
import { useCredentialsStore } from '../../../src/renderer/src/stores/credentials-store';
import { resetAllStores } from '../../../src/renderer/src/stores/registry';
import { installFakeBridge } from '../fake-bridge';
import { credentialSummary, id } from '../fixtures';

const creds = () => useCredentialsStore.getState();
const SECRET = 'Tax-Bureau-Secret-7Q!';

const input: CredentialInput = {
  kind: 'etax',
  title: '电子税务局',
  login: '91350600MA2XK7Q81Y',
  url: null,
  phone: null,
  expiresOn: null,
  notes: '',
  custom: [],
  secrets: { password: SECRET },
};

function day(offset: number): string {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return localDay(d);
}

describe('credentials store: a client’s 账号密码', () => {
  it('loads a client’s credentials', async () => {
    const fake = installFakeBridge().on('credList', ({ clientId }) => [credentialSummary(1, clientId === id(1) ? 1 : 2)]);
    await creds().load(id(1));
    expect(fake.requests('credList')).toEqual([{ clientId: id(1) }]);
    expect(creds()).toMatchObject({ clientId: id(1), loading: false, error: null });
    expect(creds().items.map((c) => c.clientId)).toEqual([id(1)]);
  });

  it('never shows another client’s credentials, not even while the new ones load', async () => {
    const fake = installFakeBridge().on('credList', () => [credentialSummary(1, 1)]);
    await creds().load(id(1));
    const held = fake.hold('credList');
    void creds().load(id(2));
    expect(creds()).toMatchObject({ clientId: id(2), items: [], loading: true });
    await held[0]?.answer([credentialSummary(2, 2)]);
    expect(creds().items.map((c) => c.id)).toEqual([credentialSummary(2, 2).id]);
  });

  it('drops an older client’s late answer', async () => {
    const held = installFakeBridge().hold('credList');
    void creds().load(id(1));
    void creds().load(id(2));
    await held[1]?.answer([credentialSummary(2, 2)]);
    await held[0]?.answer([credentialSummary(1, 1)]);
    expect(creds().clientId).toBe(id(2));
    expect(creds().items.map((c) => c.clientId)).toEqual([id(2)]);
  });

  it('says why the list could not load', async () => {
    installFakeBridge().refuse('credList', 'PERMISSION_DENIED', 'not granted');
    await creds().load(id(1));
    expect(creds().error).toEqual({ code: 'PERMISSION_DENIED', message: 'not granted' });
    expect(creds().loading).toBe(false);
  });

  it('reads the list again after an add, an edit and a delete (main’s answer lacks strength and reuse)', async () => {
    const fake = installFakeBridge()
      .on('credList', () => [credentialSummary(1, 1)])
      .on('credCreate', () => credentialSummary(1, 1, { strength: null }))
      .on('credUpdate', () => credentialSummary(1, 1, { strength: null }))
      .on('credDelete', () => ({ deleted: true }));
    await creds().load(id(1));
    expect((await creds().create(id(1), input)).ok).toBe(true);
    expect((await creds().update(id(2001), input)).ok).toBe(true);
    expect(await creds().remove(id(2001))).toBeNull();
    expect(fake.requests('credCreate')).toEqual([{ clientId: id(1), credential: input }]);
    expect(fake.requests('credUpdate')).toEqual([{ id: id(2001), credential: input }]);
    expect(fake.requests('credList')).toHaveLength(4);
  });

  it('does not read the list again after a refused write, and hands the error back', async () => {
    const fake = installFakeBridge().on('credList', () => []).refuse('credCreate', 'INVALID_INPUT', 'bad seed');
    await creds().load(id(1));
    const created = await creds().create(id(1), { ...input, totp: 'not base32!' });
    expect(created).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: 'bad seed' } });
    expect(fake.requests('credList')).toHaveLength(1);
  });

  it('标记已更换 puts main’s answer in the list (keeping strength and reuse) and takes it off 待更换', async () => {
    const due = { since: '2025-01-01T00:00:00.000Z', reason: 'offboard' as const, staffId: id(501), staffName: '李会计' };
    const reused = [{ id: id(9), clientId: id(2), clientName: '客户2', title: '社保' }];
    const before = credentialSummary(1, 1, { rotationDue: [due], strength: 1, reusedWith: reused });
    const done = { at: '2025-02-01T00:00:00.000Z', byId: id(500), byName: '王会计', forNames: ['李会计'] };
    const fake = installFakeBridge()
      .on('credList', () => [before])
      .on('credRotationList', () => [before])
      .on('credMarkRotated', () => credentialSummary(1, 1, { lastRotation: done, strength: null, reusedWith: [] }));
    await creds().load(id(1));
    await creds().loadRotation();
    const marked = await creds().markRotated(before.id);
    expect(marked.ok).toBe(true);
    expect(fake.requests('credMarkRotated')).toEqual([{ id: before.id }]);
    expect(creds().items[0]).toMatchObject({ rotationDue: [], lastRotation: done, strength: 1, reusedWith: reused });
    expect(creds().rotation.data).toEqual([]);
  });

  it('a cancelled certificate dialog changes nothing; an attached file shows at once', async () => {
    const fake = installFakeBridge().on('credList', () => [credentialSummary(1, 1, { kind: 'certificate' })]);
    await creds().load(id(1));
    fake.on('credAttachPick', () => ({ cancelled: true }));
    const before = creds().items;
    expect((await creds().attachCertificate(id(2001))).ok).toBe(true);
    expect(creds().items).toBe(before);
    fake.on('credAttachPick', () => credentialSummary(1, 1, { kind: 'certificate', certificate: { name: 'ca.pfx', size: 2048 } }));
    await creds().attachCertificate(id(2001));
    expect(creds().items[0]?.certificate).toEqual({ name: 'ca.pfx', size: 2048 });
    fake.on('credRemoveCertificate', () => credentialSummary(1, 1, { kind: 'certificate' }));
    await creds().removeCertificate(id(2001));
    expect(creds().items[0]?.certificate).toBeNull();
  });

  it('exports a certificate with the reason', async () => {
    const fake = installFakeBridge().on('credExportCertificate', () => ({ cancelled: false, path: '/tmp/ca.pfx', size: 2048 }));
    const saved = await creds().exportCertificate(id(2001), '客户换电脑');
    expect(saved).toEqual({ ok: true, data: { cancelled: false, path: '/tmp/ca.pfx', size: 2048 } });
    expect(fake.requests('credExportCertificate')).toEqual([{ id: id(2001), reason: '客户换电脑' }]);
  });
});

describe('credentials store: secrets', () => {
  it('hands revealed values, TOTP codes and generated passwords to the caller and keeps none of them', async () => {
    const fake = installFakeBridge()
      .on('credList', () => [credentialSummary(1, 1, { hasTotp: true })])
      .on('credReveal', () => ({ value: SECRET }))
      .on('credTotp', () => ({ code: '492039', remaining: 17, period: 30 }))
      .on('credGenerate', () => ({ password: 'Generated-Secret-42' }))
      .on('credHistory', () => [{ secret: 'password', changedAt: '2025-01-01T00:00:00.000Z', changedBy: '王会计' }]);
    await creds().load(id(1));
    expect(await creds().reveal(id(2001), { secret: 'password' })).toEqual({ ok: true, data: { value: SECRET } });
    expect(await creds().reveal(id(2001), { history: 0 })).toEqual({ ok: true, data: { value: SECRET } });
    expect(await creds().totp(id(2001))).toEqual({ ok: true, data: { code: '492039', remaining: 17, period: 30 } });
    expect(await creds().generate({ preset: 'custom', rules: { length: 20, lower: true, upper: true, digits: true, symbols: false, avoidAmbiguous: true } })).toEqual({
      ok: true,
      data: { password: 'Generated-Secret-42' },
    });
    expect((await creds().history(id(2001))).ok).toBe(true);
    expect(fake.requests('credReveal')).toEqual([
      { id: id(2001), ref: { secret: 'password' } },
      { id: id(2001), ref: { history: 0 } },
    ]);
    const held = JSON.stringify(creds());
    for (const secret of [SECRET, '492039', 'Generated-Secret-42']) expect(held).not.toContain(secret);
  });

  it('copies through main: only the reference crosses, and the answer says when main clears it', async () => {
    const fake = installFakeBridge().on('credCopy', () => ({ clearAfterSeconds: 30 }));
    expect(await creds().copy(id(2001), { custom: 2 })).toEqual({ ok: true, data: { clearAfterSeconds: 30 } });
    expect(fake.requests('credCopy')).toEqual([{ id: id(2001), ref: { custom: 2 } }]);
  });
});

describe('credentials store: the firm-wide page', () => {
  it('lists what expires within the chosen window and remembers the window', async () => {
    const fake = installFakeBridge().on('credExpiring', ({ days }) => [credentialSummary(days, 1, { expiresOn: day(days - 1) })]);
    await creds().loadExpiring();
    await creds().loadExpiring(90);
    await creds().loadExpiring();
    expect(fake.requests('credExpiring')).toEqual([{ days: 30 }, { days: 90 }, { days: 90 }]);
    expect(creds().expiryDays).toBe(90);
    expect(creds().expiring).toMatchObject({ loading: false, error: null });
    expect(creds().expiring.data.map((c) => c.expiresOn)).toEqual([day(89)]);
  });

  it('shows only the latest window’s answer', async () => {
    const held = installFakeBridge().hold('credExpiring');
    void creds().loadExpiring(30);
    void creds().loadExpiring(60);
    await held[1]?.answer([credentialSummary(60, 1)]);
    await held[0]?.answer([credentialSummary(30, 1)]);
    expect(creds().expiring.data.map((c) => c.id)).toEqual([credentialSummary(60, 1).id]);
  });

  it('reads 待更换 and 密码安全, and says why a list failed', async () => {
    installFakeBridge()
      .on('credRotationList', () => [credentialSummary(1, 1)])
      .refuse('credHygiene', 'VAULT_LOCKED', 'locked');
    await creds().loadRotation();
    await creds().loadHygiene();
    expect(creds().rotation.data).toHaveLength(1);
    expect(creds().hygiene).toMatchObject({ loading: false, error: { code: 'VAULT_LOCKED', message: 'locked' }, data: { weak: [], reused: [] } });
  });

  it('a delete takes the credential off every firm-wide list', async () => {
    const one = credentialSummary(1, 1);
    installFakeBridge()
      .on('credExpiring', () => [one])
      .on('credRotationList', () => [one])
      .on('credHygiene', () => ({ weak: [one], reused: [one] }))
      .on('credDelete', () => ({ deleted: true }));
    await Promise.all([creds().loadExpiring(), creds().loadRotation(), creds().loadHygiene()]);
    expect(await creds().remove(one.id)).toBeNull();
    expect([creds().expiring.data, creds().rotation.data, creds().hygiene.data.weak, creds().hygiene.data.reused]).toEqual([[], [], [], []]);
  });

  it('imports with the mapping and default client, then reads the client’s list again', async () => {
    const mapping = { client: null, kind: 0, title: 1, login: 2, password: 3, pin: null, certPassword: null, phone: null, url: null, expiresOn: null, notes: null, totp: null };
    const fake = installFakeBridge()
      .on('credList', () => [])
      .on('credImportRun', () => [
        { row: 2, status: 'imported', credentialId: id(2001), clientId: id(1), title: '社保' },
        { row: 3, status: 'failed', code: 'INVALID_INPUT', message: 'expiresOn: not a date' },
      ]);
    await creds().load(id(1));
    const report = await creds().importRun({ token: id(77), sheet: 0, mapping, clientId: id(1) });
    expect(report.ok && report.data.map((r) => r.status)).toEqual(['imported', 'failed']);
    expect(fake.requests('credImportRun')).toEqual([{ token: id(77), sheet: 0, mapping, clientId: id(1) }]);
    expect(fake.requests('credList')).toHaveLength(2);
  });

  it('the owner’s export sends the reason and passphrase once and keeps neither', async () => {
    const fake = installFakeBridge().on('credExportAll', () => ({ cancelled: true }));
    expect(await creds().exportAll('年度归档', 'correct horse battery')).toEqual({ ok: true, data: { cancelled: true } });
    expect(fake.requests('credExportAll')).toEqual([{ reason: '年度归档', passphrase: 'correct horse battery' }]);
    expect(JSON.stringify(creds())).not.toContain('correct horse battery');
  });
});

describe('credentials store: the reminder at unlock', () => {
  it('asks once per unlock what expires within 30 days, counting the expired ones', async () => {
    const fake = installFakeBridge().on('credExpiring', () => [
      credentialSummary(1, 1, { expiresOn: day(-3) }),
      credentialSummary(2, 1, { expiresOn: day(20) }),
    ]);
    await creds().checkReminder();
    await creds().checkReminder();
    expect(fake.requests('credExpiring')).toEqual([{ days: 30 }]);
    expect(creds().reminder).toEqual({ count: 2, expired: 1 });
    creds().dismissReminder();
    expect(creds().reminder).toBeNull();
    await creds().checkReminder();
    expect(fake.requests('credExpiring')).toHaveLength(1);

    // A lock forgets it asked: the next unlock asks again.
    resetAllStores();
    await creds().checkReminder();
    expect(fake.requests('credExpiring')).toHaveLength(2);
    expect(creds().reminder).toEqual({ count: 2, expired: 1 });
  });

  it('shows nothing when nothing expires or main cannot say', async () => {
    const fake = installFakeBridge().on('credExpiring', () => []);
    await creds().checkReminder();
    expect(creds().reminder).toBeNull();
    resetAllStores();
    fake.refuse('credExpiring', 'PERMISSION_DENIED');
    await creds().checkReminder();
    expect(creds().reminder).toBeNull();
  });

  it('drops an answer that arrives after the lock', async () => {
    const held = installFakeBridge().hold('credExpiring');
    void creds().checkReminder();
    resetAllStores();
    await held[0]?.answer([credentialSummary(1, 1, { expiresOn: day(5) })]);
    expect(creds().reminder).toBeNull();
    expect(creds().reminderAsked).toBe(false);
  });
});

describe('credentials store: lock', () => {
  it('forgets every list and drops late answers', async () => {
    const fake = installFakeBridge().on('credList', () => [credentialSummary(1, 1)]);
    await creds().load(id(1));
    const held = fake.hold('credRotationList');
    void creds().loadRotation();
    resetAllStores();
    await held[0]?.answer([credentialSummary(1, 1)]);
    expect(creds()).toMatchObject({ clientId: null, items: [], rotation: { data: [], loading: false }, reminder: null });
  });
});
