import { describe, expect, it } from 'vitest';
import { isVaultError } from '../../../../src/main/core/errors';
import { ImportPicks, PICK_TTL_MS, PICKS_HELD, type HeldFile } from '../../../../src/main/core/services/import-picks';

const A = 'a1'.repeat(16);
const B = 'b2'.repeat(16);
const FILES: HeldFile[] = [{ path: '/picked/银行对账单-2024-03.pdf', name: '银行对账单-2024-03.pdf', folder: '', size: 10 }];

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    return isVaultError(err) ? err.code : 'thrown';
  }
  return 'ok';
}

/** A clock the test moves. */
function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('ImportPicks', () => {
  it('hands out a 32-hex token that finds its files until the import takes it, once', () => {
    const picks = new ImportPicks();
    const token = picks.hold(A, FILES);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(picks.get(token, A).files).toBe(FILES);
    expect(picks.get(token, A).files).toBe(FILES);
    expect(picks.take(token, A).files).toBe(FILES);
    expect(refusal(() => picks.take(token, A))).toBe('NOT_FOUND');
    expect(refusal(() => picks.get(token, A))).toBe('NOT_FOUND');
  });

  it('gives each pick its own token', () => {
    const picks = new ImportPicks();
    expect(picks.hold(A, FILES)).not.toBe(picks.hold(A, FILES));
  });

  it('refuses a token for another client than the one it was picked for, and keeps it for its own', () => {
    const picks = new ImportPicks();
    const token = picks.hold(A, FILES);
    expect(refusal(() => picks.get(token, B))).toBe('NOT_FOUND');
    expect(refusal(() => picks.take(token, B))).toBe('NOT_FOUND');
    expect(picks.take(token, A).clientId).toBe(A);
  });

  it('refuses a token never handed out', () => {
    expect(refusal(() => new ImportPicks().get('c3'.repeat(16), A))).toBe('NOT_FOUND');
  });

  it('expires a pick after its time, whether or not it was used meanwhile', () => {
    const c = clock();
    const picks = new ImportPicks(c.now);
    const token = picks.hold(A, FILES);
    c.advance(PICK_TTL_MS - 1);
    expect(picks.get(token, A).clientId).toBe(A);
    c.advance(1);
    expect(refusal(() => picks.get(token, A))).toBe('NOT_FOUND');
    expect(refusal(() => picks.take(token, A))).toBe('NOT_FOUND');
  });

  it('holds a few picks at once: a newer one drops the oldest', () => {
    const picks = new ImportPicks();
    const tokens = Array.from({ length: PICKS_HELD + 1 }, () => picks.hold(A, FILES));
    expect(refusal(() => picks.get(tokens[0]!, A))).toBe('NOT_FOUND');
    for (const token of tokens.slice(1)) expect(picks.get(token, A).clientId).toBe(A);
  });

  it('drops every pick when cleared (the lock)', () => {
    const picks = new ImportPicks();
    const token = picks.hold(A, FILES);
    picks.clear();
    expect(refusal(() => picks.get(token, A))).toBe('NOT_FOUND');
  });
});
