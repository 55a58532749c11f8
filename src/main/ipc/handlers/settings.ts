import { SettingsService } from '../../core/services/settings-service';
import type { IpcRouter } from '../router';
import type { HandlerDeps } from './deps';

/** The signed-in staff member's lock settings and the owner's lock policy. */
export function registerSettingsHandlers(
  router: IpcRouter,
  { manager, onLockSettingsChanged }: Pick<HandlerDeps, 'manager' | 'onLockSettingsChanged'>,
): void {
  router.handle('lockSettingsGet', () => manager.withSession((s) => new SettingsService(s.vault).lockView()));
  router.handle('lockSettingsSet', async (req) => {
    const view = await manager.withSession((s) => new SettingsService(s.vault).updateLock(req));
    onLockSettingsChanged?.(view.effective);
    return view;
  });
}
