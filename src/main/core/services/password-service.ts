import { randomInt } from 'node:crypto';
import type { PasswordReset } from '../../../shared/access';
import { canManageRole } from '../../../shared/permissions';
import {
  TEMPORARY_PASSWORD_HOURS,
  checkPasswordPolicy,
  passwordPolicySchema,
  policyOrDefault,
  type PasswordPolicy,
} from '../../../shared/password-policy';
import { VaultError } from '../errors';
import { wrapClientKeyForStaff } from '../keys/client-keys';
import { DEFAULT_KDF } from '../keys/kdf';
import { memberOf, unlockWithPassword, type KdfParams } from '../keys/key-file';
import { resetStaff } from '../keys/key-slots';
import { wipe } from '../keys/keyring';
import { META_RESET_PENDING } from '../repositories/meta-repo';
import { removeView, viewPath } from '../view/view-db';
import type { OpenVault } from '../vault/open-vault';
import { serialised } from './access-service';

const POLICY_KEY = 'passwordPolicy';
/** Readable at a glance and over the phone: no 0/o, 1/l/i. */
const TEMP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const TEMP_GROUP = 4;

/** The parts of an open vault this service uses. */
export type PasswordVault = Pick<
  OpenVault,
  | 'assertOpen'
  | 'audit'
  | 'clientKeys'
  | 'guard'
  | 'keyFile'
  | 'masterKeys'
  | 'paths'
  | 'passwordChangeRequired'
  | 'repos'
  | 'setPassword'
  | 'staff'
  | 'updateKeyFile'
  | 'write'
>;

/**
 * Staff passwords: the owner's policy, changing one's own (also the forced
 * change after a reset), and an admin's reset of a colleague's password.
 *
 * A reset gives the colleague a new identity and signing key sealed under a
 * one-time temporary password (shown once to the admin), pinned in the signed
 * roster with its expiry; their grants are rewrapped to the new identity with
 * the master key. At the next unlock the colleague can do nothing but reseal
 * their slot under a password of their own — which never passes through the
 * admin.
 */
export class PasswordService {
  constructor(
    private readonly vault: PasswordVault,
    private readonly now: () => Date = () => new Date(),
    private readonly kdf: KdfParams = DEFAULT_KDF,
  ) {}

  /** The firm's policy (any signed-in member may read it: it applies to their own password). */
  policy(): PasswordPolicy {
    this.vault.assertOpen();
    return passwordPolicyOf(this.vault);
  }

  /** The owner sets it; recorded. */
  setPolicy(policy: PasswordPolicy): PasswordPolicy {
    this.vault.guard.require('settings.policy', { detail: { setting: 'password-policy' } });
    const parsed = passwordPolicySchema.safeParse(policy);
    if (!parsed.success) throw new VaultError('INVALID_INPUT', { reason: 'password policy out of range' });
    const value = policyOrDefault(parsed.data);
    this.vault.write(() => {
      this.vault.repos.settings.set('policy', POLICY_KEY, value, this.vault.staff.id, this.now());
      this.vault.audit.record({ action: 'settings.change', detail: { setting: 'password-policy', minLength: value.minLength, minScore: value.minScore } });
    });
    return value;
  }

  /** WEAK_PASSWORD unless `password` meets the policy (a password containing the person's name is weaker). */
  assertAcceptable(password: Buffer, staffName: string): void {
    assertPasswordAcceptable(this.vault, password, staffName);
  }

  /**
   * A new password of one's own. `current` is checked against the slot
   * (a wrong one is WRONG_CREDENTIALS, recorded); after a reset's temporary
   * password — which was just typed to unlock — none is asked.
   */
  async changeOwn(current: Buffer | null, next: Buffer): Promise<void> {
    const staff = this.vault.staff;
    try {
      this.vault.assertOpen();
      if (!this.vault.passwordChangeRequired) {
        if (!current) throw new VaultError('WRONG_CREDENTIALS');
        await this.checkCurrent(current);
      }
      this.assertAcceptable(next, staff.name);
    } catch (err) {
      wipe(next);
      throw err;
    } finally {
      wipe(current);
    }
    await this.vault.setPassword(staff, next, this.kdf);
  }

  /**
   * A new password of one's own where the caller has just checked the
   * current one (the CLI's `passwd` unlocks with it for this one command).
   */
  async setOwn(next: Buffer): Promise<void> {
    try {
      this.vault.assertOpen();
      this.assertAcceptable(next, this.vault.staff.name);
    } catch (err) {
      wipe(next);
      throw err;
    }
    await this.vault.setPassword(this.vault.staff, next, this.kdf);
  }

  /**
   * Resets a colleague's password: owners reset anyone but themselves,
   * admins accountants and auditors. Returns the temporary password, shown
   * once; `temporary` (the CLI's) is used instead of a generated one.
   */
  async reset(staffId: string, temporary?: Buffer): Promise<PasswordReset> {
    try {
      const target = this.vault.repos.staff.byId(staffId);
      this.vault.guard.require('staff.manage', { auditAs: 'password.reset', detail: { staffId } });
      if (!target) throw new VaultError('NOT_FOUND', { what: 'staff' });
      if (target.id === this.vault.staff.id || !canManageRole(this.vault.staff.role, target.role)) {
        this.vault.guard.refuse('staff.manage', { auditAs: 'password.reset', detail: { staffId, targetRole: target.role } });
      }
      if (target.status !== 'active') throw new VaultError('INVALID_INPUT', { reason: 'staff disabled' });
      if (!this.vault.clientKeys.hasMaster) throw new VaultError('PERMISSION_DENIED');
      memberOf(this.vault.keyFile, staffId);
      const password = temporary ?? generateTemporary(this.policy().minLength);
      this.assertAcceptable(password, target.name);
      const text = password.toString('utf8');
      const at = this.now();
      const expiresAt = new Date(at.getTime() + TEMPORARY_PASSWORD_HOURS * 3600 * 1000);
      await serialised(this.vault, async () => {
        // Owed from here: a crash after vault.key is written is finished (grants rewrapped) at the next owner or admin unlock.
        this.vault.write(() => this.vault.repos.meta.set(META_RESET_PENDING, staffId));
        const keys = this.vault.masterKeys(at);
        await this.vault.updateKeyFile(async (file) => {
          const reset = await resetStaff(file, keys, { id: target.id, name: target.name }, Buffer.from(password), this.kdf, { expiresAt });
          wipe(reset.signingSeed);
          return reset.file;
        });
        await this.finishReset(staffId, { by: this.vault.staff.id, expiresAt: expiresAt.toISOString() });
      });
      wipe(password);
      return { staffId, name: target.name, temporaryPassword: text, expiresAt: expiresAt.toISOString() };
    } finally {
      wipe(temporary ?? null);
    }
  }

  /** Finishes a reset a crash interrupted (at an owner or admin unlock; nothing when none is owed). */
  async resumeReset(): Promise<void> {
    const staffId = this.vault.repos.meta.get(META_RESET_PENDING);
    if (!staffId || !this.vault.clientKeys.hasMaster) return;
    await serialised(this.vault, () => this.finishReset(staffId, { resumed: true }));
  }

  /**
   * Every grant the member holds, rewrapped (with the master key) to the
   * identity the signed roster now gives them; their view, keyed from the
   * former identity, deleted (their next unlock makes it again).
   */
  private async finishReset(staffId: string, detail: Record<string, string | boolean>): Promise<void> {
    const member = this.vault.keyFile.body.roster.members.find((m) => m.staffId === staffId);
    const rewrapped: { clientId: string; version: number; wrapped: Buffer }[] = [];
    if (member) {
      for (const row of this.vault.repos.clientKeys.byHolder(staffId)) {
        const key = this.vault.clientKeys.key(row.clientId, row.version);
        // A version this vault no longer holds a master wrap of is an old one, deleted at the next rotation.
        if (key) rewrapped.push({ clientId: row.clientId, version: row.version, wrapped: await wrapClientKeyForStaff(member.recipient, row.clientId, row.version, key) });
      }
    }
    await removeView(viewPath(this.vault.paths.dir, staffId));
    this.vault.write(() => {
      for (const r of rewrapped) this.vault.repos.clientKeys.replaceWrapped(r.clientId, r.version, staffId, r.wrapped);
      this.vault.repos.meta.delete(META_RESET_PENDING);
      this.vault.audit.record({ action: 'password.reset', detail: { staffId, grants: rewrapped.length, ...detail } });
    });
  }

  /** The signed-in member's current password opens their own slot, or WRONG_CREDENTIALS (recorded). */
  private async checkCurrent(current: Buffer): Promise<void> {
    let ok = false;
    try {
      const keys = await unlockWithPassword(this.vault.keyFile, this.vault.staff.name, Buffer.from(current), this.kdf);
      ok = keys.member.staffId === this.vault.staff.id;
      for (const key of keys.commonKeys.values()) wipe(key);
      wipe(keys.signingSeed, keys.masterKey);
    } catch (err) {
      if (!(err instanceof VaultError) || err.code !== 'WRONG_CREDENTIALS') throw err;
    }
    if (!ok) {
      this.vault.write(() => this.vault.audit.record({ action: 'password.change', outcome: 'failure', detail: { staffId: this.vault.staff.id, reason: 'wrong current password' } }));
      throw new VaultError('WRONG_CREDENTIALS');
    }
  }
}

/** A temporary password: groups of four from an unambiguous alphabet (≈ 5 bits a character), at least `minLength` long. */
export function generateTemporary(minLength: number): Buffer {
  const groups: string[] = [];
  while (groups.length < 4 || groups.join('-').length < minLength) {
    let group = '';
    for (let i = 0; i < TEMP_GROUP; i++) group += TEMP_ALPHABET[randomInt(TEMP_ALPHABET.length)];
    groups.push(group);
  }
  return Buffer.from(groups.join('-'), 'utf8');
}

/** The firm's password policy as vault.db holds it (the default when none is set). */
export function passwordPolicyOf(vault: Pick<OpenVault, 'repos'>): PasswordPolicy {
  return policyOrDefault(vault.repos.settings.get('policy', POLICY_KEY));
}

/** WEAK_PASSWORD unless `password` meets the firm's policy (a password containing the person's name is weaker). */
export function assertPasswordAcceptable(vault: Pick<OpenVault, 'repos'>, password: Buffer, staffName: string): void {
  const policy = passwordPolicyOf(vault);
  if (!checkPasswordPolicy(password.toString('utf8'), policy, [staffName]).ok) {
    throw new VaultError('WEAK_PASSWORD', { minLength: policy.minLength, minScore: policy.minScore });
  }
}
