/**
 * An alert and the event that raised it survive a SIGKILL together: a child
 * process previews documents until the owner's threshold is reached, says so
 * once the preview returned, and is killed at once (no lock, no close). The
 * next unlock finds the last preview and its alert, chained and verified.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { DEFAULT_ALERT_SETTINGS } from '../../../../src/shared/alerts';
import { clientInputSchema } from '../../../../src/shared/contract';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import { CrashChild, prepareCrashChild } from '../../../helpers/crash-harness';
import { REPO_ROOT, writeIdentityFile } from '../../../helpers/vault-fixture';

const root = mkdtempSync(join(tmpdir(), 'zd-alert-crash-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('a child SIGKILLed right after the triggering preview returned leaves both the preview and its alert', async () => {
  const vaultDir = join(root, 'vault');
  const stateDir = join(root, 'state');
  const m = new VaultManager({ vaultDir, stateDir });
  const { recoveryKey } = await m.create('王所长', Buffer.from('owner password 1', 'utf8'));
  const s = m.session();
  s.alerts.setSettings({ ...DEFAULT_ALERT_SETTINGS, offHours: { ...DEFAULT_ALERT_SETTINGS.offHours, enabled: false }, docBurst: { enabled: true, count: 3, minutes: 600 } });
  const c = s.clients.create(clientInputSchema.parse({ name: '福州测试有限公司' }));
  const files = [0, 1, 2].map((i) => {
    const f = join(root, `doc-${i}.txt`);
    writeFileSync(f, `凭证 ${i}`);
    return f;
  });
  const docs = (await s.documents.importFiles(c.id, files)).flatMap((o) => (o.status === 'imported' ? [o.documentId] : []));
  await m.close();

  const cmd = await prepareCrashChild(join(root, 'bundle'), join(REPO_ROOT, 'test', 'helpers', 'alert-child.ts'));
  const child = new CrashChild(cmd, { vaultDir, stateDir, identityFile: writeIdentityFile(root, recoveryKey), docs });
  try {
    child.go();
    await child.waitFor((lines) => lines.includes('done'), 120_000);
  } finally {
    const exit = await child.kill();
    expect(exit.signal).toBe('SIGKILL');
  }

  await m.unlock('王所长', Buffer.from('owner password 1', 'utf8'));
  const owner = m.session();
  const views = owner.audit.listAll({ action: 'doc.view' });
  expect(views.map((v) => v.documentId)).toEqual(docs);
  const [alert] = owner.audit.listAll({ action: 'alert.raise' });
  expect(alert?.seq).toBe(views[2]!.seq + 1);
  expect(alert?.detail).toMatchObject({ rule: 'doc-burst', events: views.map((v) => v.seq).join(',') });
  expect(owner.audit.verify().ok).toBe(true);
  expect(m.status().openAlerts).toBe(1);
  await m.close();
}, 300_000);
