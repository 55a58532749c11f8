/**
 * The prepared identity an unlock uses for its three to five unwraps gives
 * exactly what the age library gives: the same recipient, the same secrets
 * from files with one or several stanzas, and null for another identity or
 * an altered file. Go `age` decrypts what wrapForRecipient writes in the
 * backup tests; this holds the fast path to the library. Small files are
 * opened with the library's header check and our STREAM payload code.
 */
import { randomBytes } from 'node:crypto';
import { identityToRecipient } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { newRecoveryIdentity, prepareIdentity, unwrapWithIdentity, wrapForRecipient } from '../../../../src/main/core/keys/age-keys';

describe('a prepared identity', () => {
  it('has the library’s recipient and opens what the library opens, with one stanza or several', async () => {
    for (let i = 0; i < 5; i++) {
      const me = await newRecoveryIdentity();
      const other = await newRecoveryIdentity();
      const prepared = await prepareIdentity(me.identity);
      expect(prepared.recipient).toBe(await identityToRecipient(me.identity));
      const secret = randomBytes(32);
      const wrapped = await wrapForRecipient(me.recipient, secret);
      expect((await prepared.unwrap(wrapped))?.equals(secret)).toBe(true);
      expect((await unwrapWithIdentity(me.identity, wrapped))?.equals(secret)).toBe(true);
      // Two recipients: ours second.
      const { Encrypter } = await import('age-encryption');
      const enc = new Encrypter();
      enc.addRecipient(other.recipient);
      enc.addRecipient(me.recipient);
      const both = Buffer.from(await enc.encrypt(new Uint8Array(secret)));
      expect((await prepared.unwrap(both))?.equals(secret)).toBe(true);
    }
  });

  it('gives null for a file to another identity and for an altered file, as the library does', async () => {
    const me = await newRecoveryIdentity();
    const other = await newRecoveryIdentity();
    const prepared = await prepareIdentity(me.identity);
    const secret = randomBytes(32);
    expect(await prepared.unwrap(await wrapForRecipient(other.recipient, secret))).toBeNull();
    const wrapped = await wrapForRecipient(me.recipient, secret);
    for (const at of [wrapped.indexOf('\n-> X25519 ') + 60, wrapped.length - 20, wrapped.length - 1]) {
      const altered = Buffer.from(wrapped);
      altered[at]! ^= 0x01;
      expect(await prepared.unwrap(altered), `byte ${at}`).toBeNull();
      expect(await unwrapWithIdentity(me.identity, altered), `byte ${at}`).toBeNull();
    }
  });

  it('opens a payload of several chunks, and refuses one cut short or extended, as the library does', async () => {
    const me = await newRecoveryIdentity();
    const prepared = await prepareIdentity(me.identity);
    const big = randomBytes(3 * 64 * 1024 + 5);
    const wrapped = await wrapForRecipient(me.recipient, big);
    expect((await prepared.unwrap(wrapped))?.equals(big)).toBe(true);
    expect((await unwrapWithIdentity(me.identity, wrapped))?.equals(big)).toBe(true);
    for (const changed of [wrapped.subarray(0, wrapped.length - 1), Buffer.concat([wrapped, Buffer.from([0])]), wrapped.subarray(0, wrapped.indexOf('\n--- ') + 3)]) {
      expect(await prepared.unwrap(changed)).toBeNull();
      expect(await unwrapWithIdentity(me.identity, changed)).toBeNull();
    }
  });

  it('refuses what is not an X25519 identity as the library does', async () => {
    await expect(prepareIdentity('AGE-SECRET-KEY-1NOTVALID')).rejects.toThrow();
  });
});
