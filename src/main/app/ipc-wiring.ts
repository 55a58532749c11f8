/**
 * The only place that registers handlers with Electron's ipcMain. Every
 * channel goes through IpcRouter.dispatch, which checks the sender and parses
 * the request; this file only translates Electron's event into SenderInfo.
 */
import { CHANNELS, ipcChannel, type ChannelName } from '../../shared/channels';
import type { IpcRouter } from '../ipc/router';
import type { SenderInfo } from '../ipc/sender';

/** The parts of IpcMainInvokeEvent the sender check needs. */
export interface InvokeEventLike {
  /** Null once the frame has navigated away or been destroyed. */
  readonly senderFrame: { readonly url: string } | null;
  readonly sender: { readonly mainFrame: unknown };
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
}

function isChannelName(name: string): name is ChannelName {
  return (CHANNELS as readonly string[]).includes(name);
}

/**
 * What the transport can prove about a sender. Only the window's own main
 * frame counts as top frame; an iframe (even one on app://) does not.
 */
export function senderInfoOf(event: InvokeEventLike): SenderInfo {
  const frame = event.senderFrame;
  return { url: frame?.url, isTopFrame: frame !== null && frame === event.sender.mainFrame };
}

/**
 * Registers one ipcMain handler per channel the preload exposes (CHANNELS),
 * each dispatching through the router. A channel main has no handler for yet
 * still answers with a Result (UNKNOWN_CHANNEL) rather than Electron's
 * "no handler registered" exception, so errors always cross as data.
 * Returns the Electron channel strings.
 */
export function wireIpc(ipcMain: IpcMainLike, router: Pick<IpcRouter, 'channels' | 'dispatch'>): string[] {
  for (const name of router.channels()) {
    // A handler the preload cannot call is dead code or a typo; fail at start, not at run time.
    if (!isChannelName(name)) throw new Error(`router channel not in CHANNELS: ${name}`);
  }
  return CHANNELS.map((name: ChannelName) => {
    const channel = ipcChannel(name);
    // Only the first argument is the request; extra arguments are ignored, never passed on.
    ipcMain.handle(channel, (event, request) => router.dispatch(name, request, senderInfoOf(event)));
    return channel;
  });
}
