import type { LockSettingsView } from '../../../shared/domain';
import { LockSettingsService, type LockSettingsUpdate } from '../lock/lock-settings-service';
import { VaultError } from '../errors';
import type { OpenVault } from '../vault/open-vault';


/** The parts of an open vault this service uses. */
export type SettingsServiceVault = Pick<OpenVault, 'audit' | 'db' | 'guard' | 'repos' | 'staff' | 'write'>;

/**
 * Settings changes with the permission check and the audit record around
 * them: the owner's policy ('settings.policy') or one's own lock settings
 * ('settings.own'), recorded in the same transaction as the write.
 */
export class SettingsService {
  constructor(private readonly vault: SettingsServiceVault) {}

  lockView(): LockSettingsView {
    this.vault.guard.require('settings.own');
    return new LockSettingsService(this.vault).view();
  }

  updateLock(update: LockSettingsUpdate): LockSettingsView {
    if (update.staff) this.vault.guard.require('settings.own', { detail: { scope: 'staff' } });
    if (update.policy) this.vault.guard.require('settings.policy', { detail: { scope: 'policy' } });
    const service = new LockSettingsService(this.vault);
    return this.vault.write(() => {
      const view = service.update(update);
      const scope = update.policy && update.staff ? 'policy+staff' : update.policy ? 'policy' : 'staff';
      this.vault.audit.record({ action: 'settings.change', detail: { setting: 'lock', scope } });
      return view;
    });
  }

  /** The largest file an import takes (the firm's setting; 4 GiB unless the owner set another). */
  importLimit(): number {
    return importLimitOf(this.vault);
  }

  /** Only the owner sets it (a policy), recorded. */
  setImportLimit(bytes: number): number {
    this.vault.guard.require('settings.policy', { detail: { setting: 'import-limit' } });
    if (!Number.isSafeInteger(bytes) || bytes < 1 || bytes > MAX_IMPORT_LIMIT) throw new VaultError('INVALID_INPUT', { reason: 'import limit out of range' });
    this.vault.write(() => {
      this.vault.repos.settings.set('policy', IMPORT_LIMIT_KEY, bytes, this.vault.staff.id);
      this.vault.audit.record({ action: 'settings.change', detail: { setting: 'import-limit', bytes } });
    });
    return bytes;
  }
}

/** The import limit's default: 4 GiB. */
export const DEFAULT_IMPORT_LIMIT = 4 * 1024 ** 3;
const MAX_IMPORT_LIMIT = 1024 ** 4;
const IMPORT_LIMIT_KEY = 'importMaxBytes';

export function importLimitOf(vault: Pick<OpenVault, 'repos'>): number {
  const value = vault.repos.settings.get('policy', IMPORT_LIMIT_KEY);
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : DEFAULT_IMPORT_LIMIT;
}
