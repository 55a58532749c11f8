/** Small stand-ins for Electron objects: just enough to drive the shell's functions. */
import { vi } from 'vitest';

type Listener = (event: unknown, ...args: unknown[]) => void;

export interface FakeEvent {
  url: string;
  isMainFrame: boolean;
  prevented: boolean;
  preventDefault(): void;
}

export function fakeEvent(url = '', isMainFrame = true): FakeEvent {
  return {
    url,
    isMainFrame,
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
}

/** A WebContents fake that records listeners and can replay navigation attempts. */
export function fakeContents() {
  const listeners = new Map<string, Listener[]>();
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  const contents = {
    on: vi.fn((event: string, listener: Listener) => {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return contents;
    }),
    setWindowOpenHandler: vi.fn((handler: (details: { url: string }) => { action: 'deny' }) => {
      openHandler = handler;
    }),
    listenerCount: (event: string) => listeners.get(event)?.length ?? 0,
    /** Emits an event; returns true when some listener called preventDefault. */
    emit(event: string, e: FakeEvent): boolean {
      for (const listener of listeners.get(event) ?? []) listener(e);
      return e.prevented;
    },
    navigateTo(url: string): boolean {
      return contents.emit('will-navigate', fakeEvent(url));
    },
    openWindow(url: string): { action: string } | undefined {
      return openHandler?.({ url });
    },
  };
  return contents;
}
