import type { UnlockNotice, UnlockProgress } from '../../shared/domain';
import type { Locale } from '../../shared/messages';
import type { UnlockOptions, VaultManager } from '../core/vault/vault-manager';
import { cliText, type CliKey } from './text';

/**
 * What every command that opens a vault says about the unlock itself, on
 * stderr (stdout stays the command's own output, for pipes): a long unlock's
 * progress on a terminal, and what the unlock found that the person should
 * know (a restore, a rollback they accepted, their own record altered).
 */

const NOTICES: Record<UnlockNotice, CliKey> = {
  restored: 'notice_restored',
  'rollback-accepted': 'notice_rollbackAccepted',
  'anchor-forged': 'notice_anchorForged',
};

const PHASES: Record<UnlockProgress['phase'], CliKey> = { upgrade: 'progress_upgrade', view: 'progress_view' };

interface Io {
  stderr: Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean };
}

/** The unlock's options: --accept-rollback, and a progress line when stderr is a terminal. */
export function unlockOptions(io: Io, acceptRollback: boolean, locale: Locale): UnlockOptions {
  if (!io.stderr.isTTY) return { acceptRollback };
  let shown = '';
  return {
    acceptRollback,
    onProgress: ({ phase, done, total }) => {
      const percent = total > 0 ? Math.floor((done * 100) / total) : 100;
      const line = cliText(locale, PHASES[phase], { done, total, percent });
      if (line === shown) return;
      shown = line;
      // One line, rewritten in place; ended once the phase is done.
      io.stderr.write(`\r${line}${done >= total ? '\n' : ''}`);
    },
  };
}

/** One line on stderr when the unlock left a notice. */
export function reportNotice(io: Io, manager: Pick<VaultManager, 'status' | 'stateDir'>, locale: Locale): void {
  const status = manager.status();
  const notice = status.notice;
  if (notice) io.stderr.write(`${cliText(locale, NOTICES[notice], { stateDir: manager.stateDir })}\n`);
  const own = status.nda?.own;
  if (own) {
    const values = { expires: own.expires ?? '-', deadline: own.deadline ?? '-', days: own.daysLeft ?? 0 };
    const when = cliText(locale, own.state === 'valid' ? 'nda_when_valid' : own.state === 'grace' ? 'nda_when_grace' : 'nda_when_expired', values);
    io.stderr.write(`${cliText(locale, 'notice_ndaOwn', { when })}\n`);
  }
  if (status.nda?.attention) io.stderr.write(`${cliText(locale, 'notice_ndaAttention', { count: status.nda.attention })}\n`);
}
