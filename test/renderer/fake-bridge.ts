/**
 * A stand-in for the preload's `window.zhangdun`: one function per channel,
 * recording every request and answering with a typed Result the way main
 * does. Stores are tested through it, as the bridge is the renderer's only
 * boundary; nothing inside the renderer is mocked.
 */
import { vi } from 'vitest';
import type { Bridge } from '../../src/shared/bridge';
import { BRIDGE_KEY, CHANNELS, type ChannelName } from '../../src/shared/channels';
import type { RequestOf, ResponseOf } from '../../src/shared/contract';
import type { ErrorCode, ErrorData, Result } from '../../src/shared/errors';

type Answer<K extends ChannelName> = (request: RequestOf<K>) => ResponseOf<K> | Promise<ResponseOf<K>>;
type Handler = (request: unknown) => Promise<Result<unknown>>;

/** Thrown by an answer to have the fake main refuse the call with error data. */
export class Refusal extends Error {
  constructor(readonly error: ErrorData) {
    super(error.message);
  }
}

export function refusal(code: ErrorCode, message = `refused: ${code}`, detail?: ErrorData['detail']): Refusal {
  return new Refusal({ code, message, ...(detail ? { detail } : {}) });
}

/** A call main has not answered yet: the test decides when and how. */
export interface HeldCall<K extends ChannelName> {
  request: RequestOf<K>;
  answer: (data: ResponseOf<K>) => Promise<void>;
  refuse: (code: ErrorCode, message?: string) => Promise<void>;
}

/** Lets every pending promise continuation run; with fake timers, without moving the clock. */
export async function settle(): Promise<void> {
  if (vi.isFakeTimers()) await vi.advanceTimersByTimeAsync(0);
  else await new Promise((resolve) => setTimeout(resolve, 0));
}

export class FakeBridge {
  readonly calls: { channel: ChannelName; request: unknown }[] = [];
  /** Channels a store called without the test having said how main answers. */
  readonly unexpected: ChannelName[] = [];
  readonly bridge: Bridge;
  private readonly handlers = new Map<ChannelName, Handler>();

  constructor() {
    const entries = CHANNELS.map((channel) => [
      channel,
      async (request: unknown): Promise<Result<unknown>> => {
        this.calls.push({ channel, request });
        const handler = this.handlers.get(channel);
        if (!handler) {
          this.unexpected.push(channel);
          return { ok: false, error: { code: 'INTERNAL', message: `fake bridge: no answer for ${channel}` } };
        }
        return handler(request);
      },
    ]);
    this.bridge = Object.freeze(Object.fromEntries(entries)) as unknown as Bridge;
  }

  /** Answers every later call of `channel` with what `answer` returns (or a Refusal it throws). */
  on<K extends ChannelName>(channel: K, answer: Answer<K>): this {
    this.handlers.set(channel, async (request) => {
      try {
        return { ok: true, data: await answer(request as RequestOf<K>) };
      } catch (err) {
        if (err instanceof Refusal) return { ok: false, error: err.error };
        throw err;
      }
    });
    return this;
  }

  /** Refuses every later call of `channel` with this error. */
  refuse(channel: ChannelName, code: ErrorCode, message = `refused: ${code}`, detail?: ErrorData['detail']): this {
    const error = refusal(code, message, detail).error;
    this.handlers.set(channel, async () => ({ ok: false, error }));
    return this;
  }

  /** Makes `channel` a transport failure (the preload's promise rejects). */
  breakTransport(channel: ChannelName): this {
    this.handlers.set(channel, async () => {
      throw new Error('ipc gone');
    });
    return this;
  }

  /** Keeps every later call of `channel` pending; the returned list fills as calls arrive. */
  hold<K extends ChannelName>(channel: K): HeldCall<K>[] {
    const held: HeldCall<K>[] = [];
    this.handlers.set(
      channel,
      (request) =>
        new Promise<Result<unknown>>((resolve) => {
          held.push({
            request: request as RequestOf<K>,
            answer: async (data) => {
              resolve({ ok: true, data });
              await settle();
            },
            refuse: async (code, message = `refused: ${code}`) => {
              resolve({ ok: false, error: { code, message } });
              await settle();
            },
          });
        }),
    );
    return held;
  }

  /** The requests sent on `channel`, oldest first. */
  requests<K extends ChannelName>(channel: K): RequestOf<K>[] {
    return this.calls.filter((c) => c.channel === channel).map((c) => c.request as RequestOf<K>);
  }

  channels(): ChannelName[] {
    return this.calls.map((c) => c.channel);
  }
}

let installed: FakeBridge | null = null;

/** Puts a fresh fake on `window.zhangdun` (in these tests `window` is `globalThis`, as in a page). */
export function installFakeBridge(): FakeBridge {
  installed = new FakeBridge();
  Object.defineProperty(globalThis, BRIDGE_KEY, { value: installed.bridge, configurable: true, writable: true });
  return installed;
}

export function removeFakeBridge(): FakeBridge | null {
  const fake = installed;
  installed = null;
  Reflect.deleteProperty(globalThis, BRIDGE_KEY);
  return fake;
}
