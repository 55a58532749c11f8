/**
 * Builds the object exposed as `window.zhangdun`: exactly one function per
 * channel in CHANNELS, each forwarding its single request argument. No other
 * property, no raw IPC, no validation (main parses every request). Pure and
 * dependency-free, so the e2e harness injects this same factory into a plain
 * browser page.
 */
import type { Bridge } from '../shared/bridge';
import { CHANNELS, ipcChannel } from '../shared/channels';

/** `ipcRenderer.invoke` in the preload; an HTTP or fake transport in tests. */
export type Invoke = (channel: string, request: unknown) => Promise<unknown>;

export function createBridge(invoke: Invoke): Bridge {
  const bridge: Record<string, (request: unknown) => Promise<unknown>> = {};
  for (const name of CHANNELS) {
    const channel = ipcChannel(name);
    // Only the first argument crosses; callers cannot smuggle extra ones.
    bridge[name] = (request: unknown) => invoke(channel, request);
  }
  // The response types are main's promise (every handler answers a Result); the preload does not re-check them.
  return Object.freeze(bridge) as unknown as Bridge;
}
