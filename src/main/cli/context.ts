import { promises as fsp } from 'node:fs';
import { resolve } from 'node:path';
import type { parseArgs } from 'node:util';
import type { Locale } from '../../shared/messages';
import { VaultError } from '../core/errors';
import { VaultManager } from '../core/vault/vault-manager';
import type { VaultSession } from '../core/vault/session';
import { readPassword } from './password';
import type { CliKey } from './text';

export interface CliIo {
  stdout: Pick<NodeJS.WriteStream, 'write'>;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
}

export const OPTIONS = {
  vault: { type: 'string' },
  staff: { type: 'string' },
  'password-file': { type: 'string' },
  identity: { type: 'string' },
  lang: { type: 'string' },
  json: { type: 'boolean' },
  name: { type: 'string' },
  'credit-code': { type: 'string' },
  label: { type: 'string' },
  client: { type: 'string' },
  doc: { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  category: { type: 'string' },
  period: { type: 'string' },
  tag: { type: 'string', multiple: true },
  'recovery-key-out': { type: 'string' },
  clients: { type: 'string' },
  documents: { type: 'string' },
  seed: { type: 'string' },
  role: { type: 'string' },
  to: { type: 'string' },
  from: { type: 'string' },
  'handover-to': { type: 'string' },
  'report-out': { type: 'string' },
  action: { type: 'string' },
  reason: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type Parsed = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
export type Values = Parsed['values'];

export class UsageError extends Error {}

export interface Context {
  values: Values;
  rest: string[];
  io: CliIo;
  locale: Locale;
  say: (key: CliKey, values?: Record<string, string | number>) => string;
}

export function required(ctx: Context, name: keyof Values & string): string {
  const value = ctx.values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(ctx.say('missingOption', { name }));
  return value;
}

export function sources(ctx: Context) {
  return {
    env: ctx.io.env,
    stdin: ctx.io.stdin,
    stderr: ctx.io.stderr,
    ...(ctx.values['password-file'] ? { passwordFile: ctx.values['password-file'] } : {}),
  };
}

export async function newPassword(ctx: Context, envName: string, fromFile: boolean): Promise<Buffer> {
  const first = await readPassword({ ...sources(ctx) }, envName, ctx.say('promptNewPassword'), fromFile);
  if (!first) throw new UsageError(ctx.say('noPassword'));
  if (first.length < 8) {
    first.fill(0);
    throw new UsageError(ctx.say('passwordTooShort'));
  }
  if (ctx.io.env[envName] === undefined && !(fromFile && ctx.values['password-file']) && ctx.io.stdin.isTTY) {
    const again = await readPassword({ ...sources(ctx), env: {} }, envName, ctx.say('promptConfirm'), false);
    const same = again !== null && again.equals(first);
    again?.fill(0);
    if (!same) {
      first.fill(0);
      throw new UsageError(ctx.say('passwordMismatch'));
    }
  }
  return first;
}

export async function withSession(ctx: Context, fn: (session: VaultSession, manager: VaultManager) => Promise<number>): Promise<number> {
  const manager = new VaultManager({ vaultDir: resolve(required(ctx, 'vault')), locale: ctx.locale });
  try {
    if (ctx.values.identity) {
      const identity = (await fsp.readFile(ctx.values.identity, 'utf8').catch(() => {
        throw new VaultError('NOT_FOUND', { what: ctx.values.identity ?? '' });
      }))
        .split(/\r?\n/)
        .find((line) => line.startsWith('AGE-SECRET-KEY-1'));
      if (!identity) throw new VaultError('WRONG_CREDENTIALS');
      await manager.unlockWithRecovery(identity);
    } else {
      const staff = required(ctx, 'staff');
      const password = await readPassword(sources(ctx), 'ZHANGDUN_PASSWORD', ctx.say('promptPassword'));
      if (!password) throw new UsageError(ctx.say('noPassword'));
      await manager.unlock(staff, password);
    }
    return await fn(manager.session(), manager);
  } finally {
    await manager.close();
  }
}

