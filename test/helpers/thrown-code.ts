import { isVaultError } from '../../src/main/core/errors';

/** What a synchronous call does, as a code: 'ok', a VaultError's code, or the text of anything else thrown. */
export function thrownCode(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return isVaultError(e) ? e.code : String(e);
  }
}

/** What a call (synchronous or not) does, as a code: 'allowed', a VaultError's code, or 'unexpected …'. */
export function settledCode(fn: () => unknown): Promise<string> {
  return Promise.resolve()
    .then(fn)
    .then(
      () => 'allowed',
      (e: unknown) => (isVaultError(e) ? e.code : `unexpected ${String(e)}`),
    );
}
