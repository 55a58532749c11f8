/**
 * Reads and writes lock settings inside the encrypted vault. Staff change
 * their own settings; only the owner changes the policy.
 */
import { z } from 'zod';
import { lockPolicySchema, lockSettingsSchema } from '../../../shared/contract';
import {
  DEFAULT_LOCK_POLICY,
  DEFAULT_LOCK_SETTINGS,
  type LockPolicy,
  type LockSettings,
  type LockSettingsView,
  type Role,
} from '../../../shared/domain';
import type { Db } from '../db/database';
import { transact } from '../db/transact';
import { VaultError } from '../errors';
import { SettingsRepo, staffScope, type SettingsScope } from '../repositories/settings-repo';
import { effectiveLockSettings } from './lock-policy';

const KEY = 'lock';
const DAMAGED = Symbol('damaged');

/**
 * Enforced when a stored policy cannot be read back: a damaged row must not
 * silently remove the owner's floor, so every trigger is required.
 */
export const FALLBACK_POLICY: Readonly<LockPolicy> = Object.freeze({
  maxIdleMinutes: DEFAULT_LOCK_SETTINGS.idleMinutes,
  requireScreenLock: true,
  requireSuspend: true,
  requireUserSwitch: true,
  requireWindowClose: true,
  requireContentProtection: true,
});

// Stored values may lack fields added later (defaults fill them) or carry ones this build does not know (dropped).
const storedSettings = z.object(lockSettingsSchema.shape).partial();
const storedPolicy = z.object(lockPolicySchema.shape).partial();

export interface LockSettingsUpdate {
  staff?: LockSettings | undefined;
  policy?: LockPolicy | undefined;
}

/** The parts of an open vault the service needs. */
export interface SettingsVault {
  readonly db: Db;
  readonly staff: { readonly id: string; readonly role: Role };
}

export class LockSettingsService {
  private readonly repo: SettingsRepo;

  constructor(
    private readonly vault: SettingsVault,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.repo = new SettingsRepo(vault.db);
  }

  view(): LockSettingsView {
    const staff = this.staffSettings();
    const policy = this.policy();
    return { staff, policy, effective: effectiveLockSettings(staff, policy), canEditPolicy: this.isOwner() };
  }

  /** Writes both parts in one transaction; a policy change by anyone but the owner writes nothing. */
  update(update: LockSettingsUpdate): LockSettingsView {
    if (update.policy && !this.isOwner()) throw new VaultError('PERMISSION_DENIED');
    const at = this.now();
    const by = this.vault.staff.id;
    transact(this.vault.db, () => {
      if (update.staff) this.repo.set(staffScope(by), KEY, lockSettingsSchema.parse(update.staff), by, at);
      if (update.policy) this.repo.set('policy', KEY, lockPolicySchema.parse(update.policy), by, at);
    });
    return this.view();
  }

  private isOwner(): boolean {
    return this.vault.staff.role === 'owner';
  }

  private staffSettings(): LockSettings {
    const parsed = storedSettings.safeParse(this.read(staffScope(this.vault.staff.id)));
    // A damaged row of one's own settings falls back to the defaults, which have every trigger on.
    return parsed.success ? { ...DEFAULT_LOCK_SETTINGS, ...stripUndefined(parsed.data) } : { ...DEFAULT_LOCK_SETTINGS };
  }

  private policy(): LockPolicy {
    const parsed = storedPolicy.safeParse(this.read('policy'));
    return parsed.success ? { ...DEFAULT_LOCK_POLICY, ...stripUndefined(parsed.data) } : { ...FALLBACK_POLICY };
  }

  /** The stored value; {} when unset; DAMAGED (which no schema accepts) when the row is not JSON. */
  private read(scope: SettingsScope): unknown {
    try {
      const value = this.repo.get(scope, KEY);
      return value === undefined ? {} : value;
    } catch (err) {
      if (err instanceof SyntaxError) return DAMAGED;
      throw err;
    }
  }
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
