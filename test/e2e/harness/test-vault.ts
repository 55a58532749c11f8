import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VaultManager } from '../../../src/main/core/vault-manager';
import { registerHandlers } from '../../../src/main/ipc/handlers';
import { IpcRouter } from '../../../src/main/ipc/router';
import { isTrustedSender } from '../../../src/main/ipc/sender';
import { TestDialogs } from './test-dialogs';

export interface TestVault {
  dir: string;
  manager: VaultManager;
  router: IpcRouter;
  dialogs: TestDialogs;
  dispose: () => Promise<void>;
}

/**
 * A fresh, empty vault directory with its own VaultManager and an IpcRouter
 * wired exactly as main wires it, except that the trusted origin is the test
 * server's instead of app://zhangdun and the file dialogs are stand-ins.
 */
export async function createTestVault(trustedOrigin: string): Promise<TestVault> {
  const dir = await mkdtemp(join(tmpdir(), 'zhangdun-e2e-'));
  const manager = new VaultManager({ vaultDir: dir, locale: 'zh-CN' });
  const router = new IpcRouter({
    isTrusted: (sender) => isTrustedSender(sender, trustedOrigin),
    locale: () => manager.locale,
    onInternalError: (channel, err) => console.error(`[e2e] internal error on ${channel}:`, err),
  });
  const dialogs = new TestDialogs();
  registerHandlers(router, { manager, appInfo: { version: 'e2e', platform: process.platform }, dialogs });
  return {
    dir,
    manager,
    router,
    dialogs,
    dispose: async () => {
      try {
        await manager.close();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
