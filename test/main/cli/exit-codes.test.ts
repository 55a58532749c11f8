/** docs/CLI.md's exit code table, the help texts and exitCodeFor say the same thing. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import backupZh from '../../../src/main/cli/i18n/backup.zh-CN.json';
import backupEn from '../../../src/main/cli/i18n/backup.en.json';
import zh from '../../../src/main/cli/i18n/zh-CN.json';
import en from '../../../src/main/cli/i18n/en.json';
import { ERROR_CODES, exitCodeFor } from '../../../src/shared/errors';

const root = join(__dirname, '..', '..', '..');
const doc = readFileSync(join(root, 'docs', 'CLI.md'), 'utf8');

/** exit code -> the error codes its row names. */
function table(): Map<number, string[]> {
  const rows = new Map<number, string[]>();
  for (const line of doc.split('\n')) {
    const cells = /^\| (\d+) \|([^|]*)\|([^|]*)\|/.exec(line);
    if (cells) rows.set(Number(cells[1]), [...cells[3]!.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!));
  }
  return rows;
}

describe('exit codes', () => {
  it('docs/CLI.md puts every error code in the row of its exit code, and each code in one row', () => {
    const rows = table();
    expect([...rows.keys()]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const code of ERROR_CODES) {
      const where = [...rows].filter(([, codes]) => codes.includes(code)).map(([exit]) => exit);
      expect(where, code).toEqual([exitCodeFor(code)]);
    }
  });

  it('the help texts name every exit code and point to docs/CLI.md', () => {
    for (const help of [zh.help, en.help]) {
      for (let exit = 0; exit <= 9; exit++) expect(help).toMatch(new RegExp(`[：:,，\\s]${exit} `));
      expect(help).toContain('docs/CLI.md');
    }
    for (const help of [backupZh.help, backupEn.help]) {
      for (const exit of [0, 1, 2, 3, 4, 6, 8, 9]) expect(help).toMatch(new RegExp(`[：:,，\\s]${exit} `));
      expect(help).toContain('docs/CLI.md');
    }
  });

  it('the README links the table', () => {
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('docs/CLI.md');
  });
});
