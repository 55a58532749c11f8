import type { ChannelName } from './channels';
import type { RequestOf, ResponseOf } from './contract';
import type { Result } from './errors';

/** The object the preload exposes on `window.zhangdun`: one function per channel. */
export type Bridge = {
  readonly [K in ChannelName]: (request: RequestOf<K>) => Promise<Result<ResponseOf<K>>>;
};
