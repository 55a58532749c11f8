/**
 * The renderer's only way to main: `window.zhangdun`, one function per
 * channel. `call` unwraps the Result so callers deal in data or a typed
 * BridgeError carrying the stable code.
 */
import type { Bridge } from '../../../shared/bridge';
import { BRIDGE_KEY, type ChannelName } from '../../../shared/channels';
import type { RequestOf, ResponseOf } from '../../../shared/contract';
import { isErrorCode, type ErrorCode, type ErrorData, type Result } from '../../../shared/errors';

export class BridgeError extends Error {
  readonly code: ErrorCode;
  readonly detail: Readonly<Record<string, string | number | boolean>> | undefined;

  constructor(error: ErrorData) {
    super(error.message);
    this.name = 'BridgeError';
    this.code = error.code;
    this.detail = error.detail;
  }

  toData(): ErrorData {
    return { code: this.code, message: this.message, ...(this.detail ? { detail: { ...this.detail } } : {}) };
  }
}

function bridge(): Bridge | undefined {
  return (globalThis as unknown as Record<string, Bridge | undefined>)[BRIDGE_KEY];
}

export async function call<K extends ChannelName>(channel: K, request: RequestOf<K>): Promise<ResponseOf<K>> {
  const fn = bridge()?.[channel] as ((req: RequestOf<K>) => Promise<Result<ResponseOf<K>>>) | undefined;
  if (typeof fn !== 'function') throw new BridgeError({ code: 'INTERNAL', message: 'bridge unavailable' });
  let result: Result<ResponseOf<K>>;
  try {
    result = await fn(request);
  } catch {
    // A transport failure carries no Result; treat it as an internal error.
    throw new BridgeError({ code: 'INTERNAL', message: 'bridge call failed' });
  }
  if (result.ok) return result.data;
  const { error } = result;
  // A code this build does not know (newer main) is shown as INTERNAL.
  throw new BridgeError(isErrorCode(error.code) ? error : { code: 'INTERNAL', message: error.message });
}

/**
 * `call`, answering with a Result instead of throwing: for store actions whose
 * callers branch on the outcome and show the error by its code.
 */
export async function tryCall<K extends ChannelName>(channel: K, request: RequestOf<K>): Promise<Result<ResponseOf<K>>> {
  try {
    return { ok: true, data: await call(channel, request) };
  } catch (err) {
    return { ok: false, error: asErrorData(err) };
  }
}

/** Any thrown value as error data the UI can show by code. */
export function asErrorData(err: unknown): ErrorData {
  if (err instanceof BridgeError) return err.toData();
  return { code: 'INTERNAL', message: '' };
}
