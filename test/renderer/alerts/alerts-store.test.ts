import { describe, expect, it } from 'vitest';
import { useAlertsStore } from '../../../src/renderer/src/alerts/alerts-store';
import { resetAllStores } from '../../../src/renderer/src/stores/registry';
import { DEFAULT_ALERT_SETTINGS } from '../../../src/shared/alerts';
import { installFakeBridge, settle } from '../fake-bridge';

const alerts = () => useAlertsStore.getState();

describe('alerts store (警报)', () => {
  it('keeps the thresholds asked for while the list reloads (the page and its settings panel load together)', async () => {
    installFakeBridge()
      .on('alertSettingsGet', () => DEFAULT_ALERT_SETTINGS)
      .on('alertList', () => ({ items: [], open: 0 }));
    const settings = alerts().loadSettings();
    const list = alerts().load();
    await Promise.all([settings, list]);
    expect(alerts().settings).toEqual(DEFAULT_ALERT_SETTINGS);
  });

  it('drops what was asked for before a lock', async () => {
    installFakeBridge().on('alertSettingsGet', () => DEFAULT_ALERT_SETTINGS);
    const pending = alerts().loadSettings();
    resetAllStores();
    await pending;
    await settle();
    expect(alerts().settings).toBeNull();
  });

  it('reloads the list after an acknowledgement and sends the note', async () => {
    const fake = installFakeBridge()
      .on('alertAck', () => ({}) as never)
      .on('alertList', () => ({ items: [], open: 0 }));
    const result = await alerts().acknowledge(7, '已核实');
    expect(result.ok).toBe(true);
    expect(fake.requests('alertAck')).toEqual([{ seq: 7, note: '已核实' }]);
    expect(fake.requests('alertList')).toHaveLength(1);
  });
});
