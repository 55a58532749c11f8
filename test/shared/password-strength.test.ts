import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS, COMMON_WORDS } from '../../src/shared/common-passwords';
import { passwordStrength, STRENGTH_WARNINGS, type StrengthWarning } from '../../src/shared/password-strength';
import { generatePassword, PRESET_RULES } from '../../src/main/core/credentials/generator';

describe('passwordStrength scores', () => {
  it.each<[string, number, number]>([
    // password, lowest score, highest score
    ['123456', 0, 0],
    ['password', 0, 0],
    ['123456789', 0, 0],
    ['qwerty', 0, 0],
    ['111111', 0, 0],
    ['woaini1314', 0, 1],
    ['5201314', 0, 0],
    ['a123456', 0, 0],
    ['123456a', 0, 0],
    ['qq123456', 0, 0],
    ['abc123456', 0, 0],
    ['88888888', 0, 0],
    ['666666', 0, 0],
    ['147258369', 0, 0],
    ['zhang123', 0, 1],
    ['WoAiNi1314', 0, 1],
    ['P@ssw0rd', 0, 1],
    ['Password1!', 0, 2],
    ['Password2024', 0, 2],
    ['abcdef', 0, 0],
    ['987654', 0, 0],
    ['aaaaaa', 0, 0],
    ['abcabc', 0, 0],
    ['1qaz2wsx', 0, 0],
    ['zxcvbnm', 0, 0],
    ['asdfgh', 0, 0],
    ['19900101', 0, 1],
    ['2024-03-01', 0, 1],
    ['1990', 0, 0],
    ['a'.repeat(200), 0, 1],
    ['ab'.repeat(300), 0, 1],
    ['Tr0ub4dour&3', 2, 4],
    ['correcthorsebatterystaple', 3, 4],
    ['k8#Vq2!mZr7$Tw4p', 4, 4],
    ['Bj#9tR!2xQ', 3, 4],
    // Seven random characters: short, whatever they are.
    ['Xk9$mQ2', 1, 2],
  ])('%j scores %i to %i', (password, low, high) => {
    const { score } = passwordStrength(password);
    expect(score).toBeGreaterThanOrEqual(low);
    expect(score).toBeLessThanOrEqual(high);
  });

  it('scores the generator’s 16-character passwords 4', () => {
    for (let i = 0; i < 50; i++) expect(passwordStrength(generatePassword(PRESET_RULES.standard)).score).toBe(4);
  });

  it('scores the top of the common list 0, whatever the case', () => {
    for (const pw of COMMON_PASSWORDS.slice(0, 100)) {
      expect(passwordStrength(pw).score, pw).toBe(0);
      expect(passwordStrength(pw.toUpperCase()).score, pw).toBeLessThanOrEqual(1);
    }
  });

  it('keeps the lists lower case, without blanks', () => {
    for (const w of [...COMMON_PASSWORDS, ...COMMON_WORDS]) expect(w).toMatch(/^[a-z0-9@!$.]+$/);
    expect(COMMON_PASSWORDS.length).toBeGreaterThanOrEqual(200);
  });

  it('grows with length for random text', () => {
    const scores = [4, 8, 12, 20].map((n) => passwordStrength('k8#Vq2!mZr7$Tw4pX9@b'.slice(0, n)).guessesLog10);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
  });

  it('handles empty, long and non-ASCII passwords', () => {
    expect(passwordStrength('')).toEqual({ score: 0, warnings: ['short'], guessesLog10: 0 });
    expect(passwordStrength('密码密码密码密码').score).toBeLessThanOrEqual(1);
    expect(passwordStrength('北京朝阳区望京街道9号楼').score).toBeGreaterThanOrEqual(3);
    const long = Array.from({ length: 1024 }, (_, i) => String.fromCharCode(33 + ((i * 7919) % 94))).join('');
    expect(passwordStrength(long).score).toBe(4);
  });
});

describe('passwordStrength warnings', () => {
  it.each<[string, string[], StrengthWarning[], StrengthWarning[]]>([
    // password, context, warnings expected, warnings not expected
    ['123456', [], ['short', 'common', 'sequence', 'single-class'], ['contains-name']],
    ['woaini1314', [], ['common'], ['short']],
    ['Sunshine2024!', [], ['common', 'date'], ['short', 'single-class']],
    ['abcdefgh', [], ['sequence', 'single-class'], ['short']],
    ['98765432', [], ['sequence'], []],
    ['xyzxyzxyzxyz', [], ['repeat'], []],
    ['aaaaaaaa', [], ['repeat'], []],
    ['qwertyui', [], ['keyboard'], []],
    ['1qaz2wsx', [], ['keyboard'], []],
    ['lkjhgf42', [], ['keyboard'], []],
    ['Kx19900101', [], ['date'], []],
    ['Kx2024-03-01', [], ['date'], []],
    ['Zhang2024', ['zhang'], ['contains-name', 'date'], []],
    ['Zhang2024', [], [], ['contains-name']],
    ['xx-acme-corp-99', ['ACME Corp Ltd'], ['contains-name'], []],
    ['zhangsan888', ['zhangsan@example.com'], ['contains-name'], []],
    ['某某科技2024', ['北京某某科技有限公司'], ['contains-name'], []],
    ['k8#Vq2!mZr7$Tw4p', ['zhang'], [], ['contains-name', 'common', 'short', 'single-class']],
  ])('%j (context %j)', (password, context, expected, absent) => {
    const { warnings } = passwordStrength(password, context);
    for (const w of expected) expect(warnings).toContain(w);
    for (const w of absent) expect(warnings).not.toContain(w);
    // In the order of the exported list, each once.
    expect(warnings).toEqual(STRENGTH_WARNINGS.filter((w) => warnings.includes(w)));
  });

  it('marks a name it contains down', () => {
    expect(passwordStrength('Zhang2024', ['zhang']).score).toBeLessThanOrEqual(1);
    expect(passwordStrength('Qiaoyun#57', ['qiaoyun']).score).toBeLessThan(passwordStrength('Qiaoyun#57').score);
  });
});
