/**
 * The e2e harness: the built renderer served over http://127.0.0.1 with the
 * app's security headers, the real bridge factory installed as `window.zhangdun`,
 * and every call dispatched through a real IpcRouter + VaultManager on a fresh
 * vault directory per test. Only the transport differs from the app.
 */
import { test as base, expect } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CHANNELS, ipcChannel, type ChannelName } from '../../src/shared/channels';
import { BINDING_NAME } from './harness/binding-name';
import { buildBridgeInitScript } from './harness/bridge-script';
import { BrowserLog } from './harness/console-log';
import { serveRenderer, type RendererServer } from './harness/static-server';
import { createTestLocks, INPUT_BINDING, INPUT_FORWARDER, type PageInput, type TestLocks } from './harness/test-locks';
import { createTestVault, type TestVault } from './harness/test-vault';
import { countBytes, decodeBytes, encodeBytes } from './harness/transport-codec';

const REPO_ROOT = resolve(__dirname, '../..');
const RENDERER_DIR = join(REPO_ROOT, 'out/renderer');
export const SCREENS_DIR = join(REPO_ROOT, 'test-results/screens');

/** IPC channel string → operation name, as ipc-wiring registers them. */
const CHANNEL_BY_IPC = new Map<string, ChannelName>(CHANNELS.map((name) => [ipcChannel(name), name]));

interface WorkerFixtures {
  server: RendererServer;
  bridgeInitScript: string;
}

/** One call through the bridge, as main saw it: which channel, and how many bytes went each way. */
export interface IpcRecord {
  channel: ChannelName;
  ok: boolean;
  requestBytes: number;
  /** Byte arrays in the answer (document content travels only as Uint8Array). */
  responseArrays: number;
  responseBytes: number;
}

/** Lets a test hold a call at the transport, e.g. to act while an import is in flight, or see what the page is sent. */
export interface IpcHooks {
  beforeDispatch?: (channel: ChannelName) => Promise<void>;
  /** Every answer exactly as it leaves for the page (the Result, byte arrays already encoded for the binding). */
  onResponse?: (channel: ChannelName, payload: unknown) => void;
}

interface TestFixtures {
  vault: TestVault;
  /** Every call the page made through the bridge, in order. */
  ipcLog: IpcRecord[];
  ipcHooks: IpcHooks;
  browserLog: BrowserLog;
  /** Saves a full-page screenshot to test-results/screens/<name>.png. */
  saveScreen: (name: string) => Promise<void>;
  /**
   * main's lock triggers on a fake clock (see harness/test-locks.ts): once a
   * test asks for this, every lock reloads the page as in the app.
   */
  locks: TestLocks;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  server: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
        throw new Error('out/renderer is missing: run `npx electron-vite build` first (npm run test:e2e does).');
      }
      const server = await serveRenderer(RENDERER_DIR);
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],

  bridgeInitScript: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      await use(await buildBridgeInitScript());
    },
    { scope: 'worker' },
  ],

  vault: async ({ server }, use) => {
    const vault = await createTestVault(server.origin);
    await use(vault);
    await vault.dispose();
  },

  // eslint-disable-next-line no-empty-pattern -- as above.
  ipcLog: async ({}, use) => {
    await use([]);
  },

  // eslint-disable-next-line no-empty-pattern -- as above.
  ipcHooks: async ({}, use) => {
    await use({});
  },

  // eslint-disable-next-line no-empty-pattern -- as above.
  browserLog: async ({}, use) => {
    await use(new BrowserLog());
  },

  // page.goto('/') opens the served renderer.
  baseURL: async ({ server }, use) => {
    await use(server.origin);
  },

  page: async ({ page, vault, bridgeInitScript, browserLog, ipcLog, ipcHooks }, use) => {
    browserLog.attach(page);
    await page.exposeBinding(BINDING_NAME, async (source, channel: unknown, encoded: unknown) => {
      const name = typeof channel === 'string' ? CHANNEL_BY_IPC.get(channel) : undefined;
      // As with ipcMain: only `zhangdun:<name>` has a handler; anything else rejects in the page.
      if (!name) throw new Error(`No handler registered for '${String(channel)}'`);
      const request = decodeBytes(encoded);
      await ipcHooks.beforeDispatch?.(name);
      const result = await vault.router.dispatch(name, request, {
        url: source.frame.url(),
        isTopFrame: source.frame === source.page.mainFrame(),
      });
      const out = countBytes(result);
      ipcLog.push({ channel: name, ok: result.ok, requestBytes: countBytes(request).bytes, responseArrays: out.arrays, responseBytes: out.bytes });
      const payload = encodeBytes(result);
      ipcHooks.onResponse?.(name, payload);
      return payload;
    });
    await page.addInitScript({ content: bridgeInitScript });
    await use(page);
    // (f) No flow may trip the Content-Security-Policy.
    expect(browserLog.cspViolations(), 'CSP violations in the browser console').toEqual([]);
    expect(browserLog.errors(), 'errors in the browser console').toEqual([]);
  },

  locks: async ({ page, vault }, use) => {
    const locks = createTestLocks(vault, page);
    await page.exposeBinding(INPUT_BINDING, (_source, input: unknown) => {
      if (typeof input === 'object' && input !== null && 'kind' in input) locks.pageInput(input as PageInput);
    });
    await page.addInitScript({ content: INPUT_FORWARDER });
    await use(locks);
    locks.dispose();
  },

  saveScreen: async ({ page }, use) => {
    await mkdir(SCREENS_DIR, { recursive: true });
    await use(async (name) => {
      await page.screenshot({ path: join(SCREENS_DIR, `${name}.png`), fullPage: true });
    });
  },
});

export { expect };
