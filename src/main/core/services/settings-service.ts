import type { LockSettingsView } from '../../../shared/domain';
import { LockSettingsService, type LockSettingsUpdate } from '../lock/lock-settings-service';
import type { OpenVault } from '../vault/open-vault';

/**
 * Settings changes with the permission check and the audit record around
 * them: the owner's policy ('settings.policy') or one's own lock settings
 * ('settings.own'), recorded in the same transaction as the write.
 */
export class SettingsService {
  constructor(private readonly vault: OpenVault) {}

  lockView(): LockSettingsView {
    this.vault.guard.require('settings.own');
    return new LockSettingsService(this.vault).view();
  }

  updateLock(update: LockSettingsUpdate): LockSettingsView {
    if (update.staff) this.vault.guard.require('settings.own', { detail: { scope: 'staff' } });
    if (update.policy) this.vault.guard.require('settings.policy', { detail: { scope: 'policy' } });
    const service = new LockSettingsService(this.vault);
    return this.vault.db.transaction(() => {
      const view = service.update(update);
      const scope = update.policy && update.staff ? 'policy+staff' : update.policy ? 'policy' : 'staff';
      this.vault.audit.record({ action: 'settings.change', detail: { setting: 'lock', scope } });
      return view;
    })();
  }
}
