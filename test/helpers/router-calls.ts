import type { IpcRouter } from '../../src/main/ipc/router';
import type { ErrorData, Result } from '../../src/shared/errors';

/** The app's main frame, as the router checks senders. */
export const TOP_FRAME = { url: 'app://zhangdun/index.html', isTopFrame: true };

/**
 * Calls through the real router as the renderer would: `call` gives the data or throws with the
 * error as `data`; `failure` gives the error (or 'ok'). `router` is read at each call (tests make it in beforeAll).
 */
export function routerCalls(router: () => IpcRouter) {
  return {
    async call<T>(channel: string, request: unknown): Promise<T> {
      const res = (await router().dispatch(channel, request, TOP_FRAME)) as Result<T>;
      if (!res.ok) throw Object.assign(new Error(`${channel}: ${res.error.code} ${res.error.message}`), { data: res.error });
      return res.data;
    },
    async failure(channel: string, request: unknown): Promise<ErrorData | 'ok'> {
      const res = await router().dispatch(channel, request, TOP_FRAME);
      return res.ok ? 'ok' : res.error;
    },
  };
}
