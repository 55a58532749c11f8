import type { z } from 'zod';
import type { ChannelName } from '../../shared/channels';
import { contract, type ParsedRequestOf, type ResponseOf } from '../../shared/contract';
import type { ErrorData, Result } from '../../shared/errors';
import { errorMessage, type Locale } from '../../shared/messages';
import { mapSqliteError } from '../core/db/database';
import { VaultError } from '../core/errors';
import type { SenderInfo } from './sender';

type Handler = (request: unknown) => Promise<unknown>;

/**
 * A channel's handler: it receives the request as the channel's schema parsed it and must
 * answer the channel's declared response type, so a mismatch with the contract fails to compile.
 */
export type ChannelHandler<K extends ChannelName> = (request: ParsedRequestOf<K>) => Promise<ResponseOf<K>> | ResponseOf<K>;

export interface RouterOptions {
  /** Decides whether a sender may call at all. */
  isTrusted: (sender: SenderInfo) => boolean;
  /** Language for error messages. */
  locale: () => Locale;
  /** Where unexpected failures are reported; receives no request data. */
  onInternalError?: (channel: string, err: unknown) => void;
}

/**
 * The single place requests enter main. Every registered channel is checked
 * for the sender, parsed from `unknown` with its schema, and answered with a
 * Result; no exception or stack trace crosses the boundary.
 */
export class IpcRouter {
  private readonly handlers = new Map<string, Handler>();

  constructor(private readonly options: RouterOptions) {}

  /** Registers the handler of one channel; its request is parsed with the contract's schema for that channel. */
  handle<K extends ChannelName>(channel: K, fn: ChannelHandler<K>): void {
    if (this.handlers.has(channel)) throw new Error(`channel registered twice: ${channel}`);
    const schema: z.ZodType = contract[channel].request;
    this.handlers.set(channel, async (raw) => {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw new VaultError('INVALID_INPUT', { reason: describeIssues(parsed.error) });
      // The output of contract[channel].request is ParsedRequestOf<K> by definition; TypeScript does not follow a generic index.
      return fn(parsed.data as ParsedRequestOf<K>);
    });
  }

  channels(): string[] {
    return [...this.handlers.keys()];
  }

  async dispatch(channel: string, raw: unknown, sender: SenderInfo): Promise<Result<unknown>> {
    const locale = this.options.locale();
    if (!this.options.isTrusted(sender)) return failure({ code: 'UNTRUSTED_SENDER', message: errorMessage('UNTRUSTED_SENDER', locale) });
    const handler = this.handlers.get(channel);
    if (!handler) return failure({ code: 'UNKNOWN_CHANNEL', message: errorMessage('UNKNOWN_CHANNEL', locale) });
    try {
      return { ok: true, data: await handler(raw) };
    } catch (err) {
      return failure(toErrorData(err, locale, (e) => this.options.onInternalError?.(channel, e)));
    }
  }
}

function failure(error: ErrorData): Result<never> {
  return { ok: false, error };
}

export function toErrorData(err: unknown, locale: Locale, onInternal?: (err: unknown) => void): ErrorData {
  // Storage failures that escaped a service unmapped still get their meaning (full disk, damaged data).
  if (!(err instanceof VaultError)) err = mapSqliteError(err, 'vault.db');
  if (err instanceof VaultError) {
    const detail = Object.keys(err.values).length > 0 ? { ...err.values } : undefined;
    return { code: err.code, message: errorMessage(err.code, locale, err.values), ...(detail ? { detail } : {}) };
  }
  onInternal?.(err);
  return { code: 'INTERNAL', message: errorMessage('INTERNAL', locale) };
}

/** Longest description of a refused request; the rest is cut. */
const MAX_REASON_LENGTH = 300;

/**
 * A short, value-free description of what was wrong with a request. Zod names
 * unknown keys in its message; they come from the caller (any length, any
 * characters), so only their number is given.
 */
function describeIssues(error: z.ZodError): string {
  const reason = error.issues
    .slice(0, 3)
    .map((issue) => {
      const where = issue.path.map(String).join('.') || '(request)';
      const what = issue.code === 'unrecognized_keys' ? `${issue.keys.length} unrecognized key(s)` : issue.message;
      return `${where}: ${what}`;
    })
    .join('; ');
  return reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason;
}
