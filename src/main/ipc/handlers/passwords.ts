import { policyOrDefault } from '../../../shared/password-policy';
import type { IpcRouter } from '../router';
import type { HandlerDeps } from './deps';

/** The password policy, changing one's own password (also the forced change after a reset), resetting a colleague's, the unlock picker. */
export function registerPasswordHandlers(router: IpcRouter, { manager }: Pick<HandlerDeps, 'manager'>): void {
  const duringPasswordChange = { duringPasswordChange: true };
  router.handle('vaultStaffNames', () => manager.recentStaffNames());
  router.handle('passwordPolicyGet', () => manager.withSession((s) => s.passwords.policy(), duringPasswordChange));
  router.handle('passwordPolicySet', (req) => manager.withSession((s) => s.passwords.setPolicy(policyOrDefault(req))));
  router.handle('passwordChange', async (req) => {
    await manager.withSession(
      (s) => s.passwords.changeOwn(req.current === null ? null : Buffer.from(req.current, 'utf8'), Buffer.from(req.next, 'utf8')),
      duringPasswordChange,
    );
    return manager.status();
  });
  router.handle('staffResetPassword', (req) => manager.withSession((s) => s.passwords.reset(req.staffId)));
}
