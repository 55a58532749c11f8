import { create } from 'zustand';
import type { PasswordReset, RecentStaffNames } from '../../../shared/access';
import type { ErrorData, Result } from '../../../shared/errors';
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from '../../../shared/password-policy';
import { call, tryCall } from '../bridge/client';
import { registerReset } from '../stores/registry';
import { useVaultStore } from '../stores/vault-store';

interface PasswordState {
  /** The firm's policy; the default until main answers. */
  policy: PasswordPolicy;
  loadPolicy: () => Promise<void>;
  /** The owner sets it; resolves with the error, if any. */
  setPolicy: (policy: PasswordPolicy) => Promise<ErrorData | null>;
  /** A new password of one's own (`current` null right after a reset's temporary password); the status follows. */
  change: (current: string | null, next: string) => Promise<ErrorData | null>;
  /** Resets a colleague's password: the temporary password, shown once and never kept here. */
  resetStaff: (staffId: string) => Promise<Result<PasswordReset>>;
  reset: () => void;
}

export const usePasswordStore = create<PasswordState>()((set) => ({
  policy: DEFAULT_PASSWORD_POLICY,
  loadPolicy: async () => {
    try {
      set({ policy: await call('passwordPolicyGet', {}) });
    } catch {
      // The default stands; main checks the real policy whatever the meter showed.
    }
  },
  setPolicy: async (policy) => {
    const saved = await tryCall('passwordPolicySet', policy);
    if (!saved.ok) return saved.error;
    set({ policy: saved.data });
    return null;
  },
  change: async (current, next) => {
    const changed = await tryCall('passwordChange', { current, next });
    if (!changed.ok) return changed.error;
    useVaultStore.setState({ status: changed.data });
    return null;
  },
  resetStaff: (staffId) => tryCall('staffResetPassword', { staffId }),
  reset: () => set({ policy: DEFAULT_PASSWORD_POLICY }),
}));

registerReset(() => usePasswordStore.getState().reset());

/** Who unlocked this vault on this PC before (for the unlock screen's picker); none when main cannot say. */
export async function recentStaffNames(): Promise<RecentStaffNames> {
  try {
    return await call('vaultStaffNames', {});
  } catch {
    return { names: [], last: null };
  }
}
