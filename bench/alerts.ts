/**
 * What the alert rules cost: the same audited actions (document views, each
 * an audit event signed and chained in vault.db) with the rules on and off,
 * alternating, in one vault. The difference per event is the rules' price.
 */
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { DEFAULT_ALERT_SETTINGS } from '../src/shared/alerts';
import { clientInputSchema, documentFieldsSchema } from '../src/shared/contract';
import { VaultManager } from '../src/main/core/vault/vault-manager';
import { round } from './stats';

export interface AlertsBench {
  onMs: number[];
  offMs: number[];
  events: number;
}

export async function alertsBench(work: string, quick: boolean): Promise<AlertsBench> {
  const dir = join(work, 'alerts');
  rmSync(dir, { recursive: true, force: true });
  const manager = new VaultManager({ vaultDir: dir });
  await manager.create('基准测试', Buffer.from('benchmark password 1'));
  const s = manager.session();
  s.alerts.setSettings(DEFAULT_ALERT_SETTINGS);
  const client = s.clients.create(clientInputSchema.parse({ name: '基准客户有限公司' }));
  const outcome = await s.documents.importBytes(client.id, '凭证.txt', Buffer.from('凭证'), documentFieldsSchema.parse({}));
  if (outcome.status !== 'imported') throw new Error('bench: import failed');
  const events = quick ? 500 : 2000;
  const rounds = quick ? 2 : 4;
  const view = () => s.vault.audit.record({ action: 'doc.view', clientId: client.id, documentId: outcome.documentId });
  const run = (on: boolean): number => {
    s.vault.alerts.enabled = on;
    const t = performance.now();
    for (let i = 0; i < events; i++) view();
    return performance.now() - t;
  };
  // Warm-up: the rules read the log's tail once, the statements are prepared.
  run(true);
  run(false);
  const onMs: number[] = [];
  const offMs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    offMs.push(round(run(false), 1));
    onMs.push(round(run(true), 1));
  }
  await manager.close();
  rmSync(dir, { recursive: true, force: true });
  return { onMs, offMs, events };
}
