import { describe, expect, it } from 'vitest';
import { backupScheduleSchema } from '../../../src/shared/contract';
import { firstInvalidRecipient, recipientLines } from '../../../src/renderer/src/backup/recipients';

const A = `age1${'q'.repeat(58)}`;
const B = `age1${'x'.repeat(29)}${'7'.repeat(29)}`;

describe('recipientLines', () => {
  it('trims lines and drops blank ones, for LF and CRLF text', () => {
    expect(recipientLines(`  ${A}  \r\n\n   \n${B}\n`)).toEqual([A, B]);
    expect(recipientLines('')).toEqual([]);
  });
});

describe('firstInvalidRecipient', () => {
  it('is null when every non-blank line is an age1… recipient', () => {
    expect(firstInvalidRecipient('')).toBeNull();
    expect(firstInvalidRecipient(`\n ${A} \r\n${B}`)).toBeNull();
  });

  it('names the first bad line, counting blank lines as the editor shows them', () => {
    expect(firstInvalidRecipient(`${A}\n\nnot-a-key\nalso bad`)).toBe(3);
  });

  it.each([
    ['upper case', A.toUpperCase()],
    ['one character short', A.slice(0, -1)],
    ['one character long', `${A}q`],
    // bech32 has no b, i, o or 1 after the prefix.
    ['a letter bech32 leaves out', `age1${'b'.repeat(58)}`],
    ['a secret key', `AGE-SECRET-KEY-1${'Q'.repeat(58)}`],
    ['an ssh key', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI'],
  ])('refuses %s', (_what, line) => {
    expect(firstInvalidRecipient(line)).toBe(1);
  });

  it('passes exactly what the contract accepts', () => {
    const text = `${A}\n\n${B}\n`;
    expect(firstInvalidRecipient(text)).toBeNull();
    const parsed = backupScheduleSchema.safeParse({
      enabled: true,
      folder: '/backups',
      kind: 'daily',
      hour: 18,
      retention: { daily: 7, weekly: 4, monthly: 12 },
      recipients: recipientLines(text),
    });
    expect(parsed.success).toBe(true);
  });
});
