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
