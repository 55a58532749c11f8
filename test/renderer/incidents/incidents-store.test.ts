import { describe, expect, it } from 'vitest';
import { useIncidentsStore } from '../../../src/renderer/src/incidents/incidents-store';
import { resetAllStores } from '../../../src/renderer/src/stores/registry';
import type { IncidentDetail } from '../../../src/shared/incidents';
import { installFakeBridge, refusal, settle } from '../fake-bridge';

const incidents = () => useIncidentsStore.getState();
const ID = 'a'.repeat(32);
const detail = (over: Partial<IncidentDetail> = {}): IncidentDetail => ({
  id: ID,
  title: '短时间内大量查看或导出资料 #7',
  status: 'open',
  openedAt: '2026-01-05T02:00:00.000Z',
  openedByName: '王所长',
  alert: 7,
  closedAt: null,
  scope: { staffIds: [], clientIds: [], from: '2026-01-05T01:00:00.000Z', to: '2026-01-05T03:00:00.000Z' },
  staffNames: ['李会计'],
  contact: '王所长',
  actions: [],
  closure: null,
  timeline: [],
  affected: [],
  drafts: [],
  ...over,
});

describe('incidents store (事件)', () => {
  it('opens from an alert and shows the incident main answered', async () => {
    const fake = installFakeBridge().on('incidentOpen', () => detail());
    const result = await incidents().openFromAlert(7);
    expect(result.ok).toBe(true);
    expect(fake.requests('incidentOpen')).toEqual([{ alert: 7 }]);
    expect(incidents().current?.id).toBe(ID);
  });

  it('holds no incident after a lock, not even one answered after it', async () => {
    installFakeBridge().on('incidentGet', () => detail());
    const pending = incidents().show(ID);
    resetAllStores();
    await pending;
    await settle();
    expect(incidents().current).toBeNull();
  });

  it('keeps the shown incident when main refuses a change (a closed one), and passes the code on', async () => {
    installFakeBridge()
      .on('incidentGet', () => detail({ status: 'closed' }))
      .on('incidentAction', () => {
        throw refusal('INCIDENT_CLOSED');
      });
    await incidents().show(ID);
    const result = await incidents().addAction(ID, '补记');
    expect(result.ok ? null : result.error.code).toBe('INCIDENT_CLOSED');
    expect(incidents().current?.status).toBe('closed');
  });
});
