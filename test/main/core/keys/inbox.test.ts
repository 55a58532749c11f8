import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inboxPublicKey, openFromInbox, sealToInbox } from '../../../../src/main/core/keys/inbox';

describe('the inbox (names tried at failed unlocks)', () => {
  const vaultId = 'a'.repeat(32);
  const common = randomBytes(32);

  it('seals to the public key alone; only the common key opens it; altered bytes do not open', () => {
    const inbox = inboxPublicKey(common, vaultId);
    const sealed = sealToInbox(inbox, '李会计');
    expect(sealed.includes(Buffer.from('李会计'))).toBe(false);
    expect(openFromInbox(common, vaultId, sealed)).toBe('李会计');
    expect(openFromInbox(randomBytes(32), vaultId, sealed)).toBeNull();
    expect(openFromInbox(common, 'b'.repeat(32), sealed)).toBeNull();
    const bent = Buffer.from(sealed);
    bent[bent.length - 1]! ^= 1;
    expect(openFromInbox(common, vaultId, bent)).toBeNull();
    // Each seal is fresh (an ephemeral key): equal names do not look equal.
    expect(sealToInbox(inbox, '李会计').equals(sealed)).toBe(false);
  });
});
