/**
 * Every message of the command line is complete in the user's language:
 * the English details the core attaches are put into Chinese, parseArgs'
 * complaints are translated, and a general "not found" names what was asked.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CliRefusal, describeFailure, describeVaultError } from '../../../src/main/cli/cli-errors';
import { OPTIONS } from '../../../src/main/cli/context';
import { localizeDetail, localizeHolder, matchDetail } from '../../../src/main/cli/core-details';
import { relocalize } from '../../../src/main/cli/doc-commands';
import { closestOption, describeParseError, localeOf } from '../../../src/main/cli/parse-args';
import { BackupError } from '../../../src/main/core/backup/backup-errors';
import { VaultError } from '../../../src/main/core/errors';
import { errorMessage } from '../../../src/shared/messages';

const root = join(__dirname, '..', '..', '..');

/**
 * Latin words left in a Chinese message once the names it quotes (ids, paths, files given as samples),
 * the commands it suggests and the formats it names are taken out.
 */
function english(text: string, names: readonly string[] = []): string[] {
  let rest = text;
  for (const name of names) rest = rest.split(name).join('');
  const kept = /zhangdun(?: [a-z]+)*|vault\.db|vault\.key|manifest\.json|AGE-SECRET-KEY-1|--[a-z-]+|\bage1?\b|\bblobs\b|\btar\b|\bustar\b|\bpax\b|\bscrypt\b|\bMiB\b|\bID\b|\bYYYY-MM\b/g;
  return rest.replace(kept, '').match(/[A-Za-z]{2,}/g) ?? [];
}

/** The sample names used below: shown as they are, in any language. */
const NAMES = ['0123abcd', '89ef', 'blobs/ab/abcdef', 'name', 'out', 'c0ffee', 'd0c', '/srv/账套/vault', '/home/张/recovery.txt', '/tmp/\\x1b[2J.pdf', '2024.pdf'];

const failure = (what: string) => parseArgsError(['--vault', '/v', what]);
function parseArgsError(args: string[]): unknown {
  try {
    parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    return err;
  }
  throw new Error(`parseArgs accepted ${args.join(' ')}`);
}

describe('details the core attaches, in Chinese', () => {
  it.each([
    ['client', '客户'],
    ['document 0123abcd key', '资料 0123abcd 的密钥'],
    ['client 0123abcd key', '客户 0123abcd 的密钥'],
    ['client 0123abcd name', '客户 0123abcd 的 name 字段'],
    ['document 0123abcd (blob 89ef)', '资料 0123abcd（加密文件 89ef）'],
    ['missing blob 89ef', '缺少加密文件 89ef'],
    ['vault.db does not belong to vault.key', 'vault.db 与 vault.key 不属于同一个保险库'],
    ['audit event #12 (missing)', '审计事件 #12（缺失）'],
    ['3 free pages', '数据库中有 3 个空闲页'],
    ['not an age file', '不是 age 加密文件'],
    ['chunk 10', '第 10 号数据块'],
    ['100000 of 250000 bytes', '只有 100000 字节，应有 250000 字节'],
    ['backup: chunk 10', '备份：第 10 号数据块'],
    ['backup: vault.key is of another vault', '备份：vault.key 属于另一个保险库'],
    ['restored vault: missing blob 89ef; audit event #3 (edited)', '恢复出的保险库：缺少加密文件 89ef；审计事件 #3（被修改）'],
    ['对账单 2024.pdf is a folder', '对账单 2024.pdf 是文件夹，不是文件'],
    ['staff disabled', '该员工已停用'],
    ['passphrase shorter than 12 characters', '口令少于 12 个字符'],
    ['format version 9', '格式版本 9'],
    ['audit log: rolled back (older than this user last saw it)', '审计日志被回滚了：比这位员工上次打开时看到的旧'],
    ['blobs/ab/abcdef grew while archived', 'blobs/ab/abcdef 在打包时变大了'],
    ['a symbolic link (not followed)', '符号链接（未跟随）'],
    ['not a regular file', '不是普通文件'],
    ['larger than the import limit', '超过导入大小上限'],
  ])('%s -> %s', (detail, zh) => {
    expect(localizeDetail(detail, 'zh-CN')).toBe(zh);
    expect(english(localizeDetail(detail, 'zh-CN'), NAMES)).toEqual([]);
  });

  it('keeps English for --lang en, and a name it does not know as it is', () => {
    expect(localizeDetail('chunk 10', 'en')).toBe('chunk 10');
    expect(localizeDetail('not an age file', 'en')).toBe('not an age file');
    expect(localizeDetail('blobs/ab/abcdef.blob', 'zh-CN')).toBe('blobs/ab/abcdef.blob');
    expect(matchDetail('vault.in-use', 'zh-CN')).toBeNull();
  });

  it('names who holds a busy vault', () => {
    expect(localizeHolder('backup', 'zh-CN')).toBe('正在进行的备份');
    expect(localizeHolder('pid 4242', 'zh-CN')).toBe('进程 4242');
    expect(localizeHolder('office-pc pid 4242', 'zh-CN')).toBe('office-pc 上的进程 4242');
    expect(localizeHolder('?', 'en')).toBe('another program');
  });

  // Every literal detail in the core's sources either has a rule here or is a name (one word, a file):
  // a new English phrase in the core then fails this test until the command line can say it in Chinese.
  it('covers every literal detail in src/main/core', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.ts')) files.push(path);
      }
    };
    walk(join(root, 'src', 'main', 'core'));
    const shapes = [
      /new VaultError\(\s*'[A-Z_]+',\s*\{\s*(?:what|reason):\s*(['`])((?:(?!\1).)*)\1/g,
      /kind: '\w+', what:\s*(['`])((?:(?!\1).)*)\1/g,
      /new BackupError\(\s*'[\w-]+',\s*(['`])((?:(?!\1).)*)\1/g,
      /new TarFormatError\(\s*(['`])((?:(?!\1).)*)\1/g,
      /fsError\(\s*\w+,\s*(['`])((?:(?!\1).)*)\1/g,
    ];
    const unknown: string[] = [];
    let seen = 0;
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      for (const shape of shapes) {
        for (const match of source.matchAll(shape)) {
          // A template's ${…} become a sample value; what is left is the phrase the CLI must know.
          const detail = match[2]!.replace(/\$\{[^}]*\}/g, '7');
          seen++;
          if (/\s/.test(detail) && matchDetail(detail, 'zh-CN') === null) unknown.push(`${relative(root, file)}: ${detail}`);
        }
      }
    }
    expect(seen).toBeGreaterThan(50);
    expect(unknown).toEqual([]);
  });
});

describe('errors the core left general, named by the command line', () => {
  const hints = { vaultDir: '/srv/账套/vault', client: 'c0ffee', doc: 'd0c', identityFile: '/home/张/recovery.txt' };

  it.each([
    [new VaultError('NO_VAULT'), '/srv/账套/vault 中没有保险库'],
    [new VaultError('VAULT_EXISTS'), '/srv/账套/vault 中已经有保险库'],
    [new VaultError('NOT_FOUND', { what: 'client' }), '未找到客户 c0ffee'],
    [new VaultError('NOT_FOUND', { what: 'document' }), '未找到资料 d0c'],
    [new VaultError('WRONG_CREDENTIALS'), '/home/张/recovery.txt 中的恢复密钥打不开这个保险库'],
    [new VaultError('REASON_REQUIRED'), '--reason'],
    [new VaultError('VAULT_BUSY', { holder: 'pid 12' }), '保险库正被另一个程序（进程 12）使用'],
    [new VaultError('INVALID_INPUT', { reason: 'out is a folder' }), '输入无效：out 是文件夹，不是文件'],
    [new VaultError('TAMPERED', { what: 'document 0123abcd key' }), '数据校验失败，文件可能被篡改：资料 0123abcd 的密钥'],
    [new VaultError('NOT_FOUND', { what: '/tmp/\x1b[2J.pdf' }), '未找到：/tmp/\\x1b[2J.pdf'],
    [new VaultError('ROLLED_BACK', { what: 'roster' }), '（较旧的是员工名册 vault.key）\n所有者或管理员核实原因后'],
    [new VaultError('ROLLED_BACK', { what: 'audit' }), '--accept-rollback 再运行一次'],
  ])('%s', (err, text) => {
    const message = describeVaultError(err, 'zh-CN', hints);
    expect(message).toContain(text);
    expect(english(message, NAMES)).toEqual([]);
  });

  it('a rollback --accept-rollback did not accept: only an owner or admin can', () => {
    const message = describeVaultError(new VaultError('ROLLED_BACK', { what: 'audit' }), 'en', { acceptRollback: true });
    expect(message).toContain('older than when you last opened it');
    expect(message).toContain('--accept-rollback works only for an owner or admin');
    expect(describeFailure(new VaultError('ROLLED_BACK', { what: 'audit' }), 'zh-CN').exit).toBe(4);
  });

  it('leaves the messages other tests and the app compare exactly as they were', () => {
    for (const code of ['WRONG_CREDENTIALS', 'DISK_FULL', 'READ_ONLY', 'FUTURE_VERSION'] as const) {
      expect(describeVaultError(new VaultError(code), 'zh-CN', { vaultDir: '/v' })).toBe(errorMessage(code, 'zh-CN'));
    }
  });

  it('gives each failure its exit code, and an unexpected one only its kind', () => {
    expect(describeFailure(new CliRefusal('ALREADY_EXISTS', 'x'), 'zh-CN')).toEqual({ message: 'x', exit: 8 });
    expect(describeFailure(new VaultError('VAULT_BUSY', { holder: 'backup' }), 'en').exit).toBe(9);
    expect(describeFailure(new BackupError('truncated', 'chunk 3'), 'zh-CN').exit).toBe(4);
    const secret = new TypeError('AGE-SECRET-KEY-1SECRET');
    expect(describeFailure(secret, 'zh-CN')).toEqual({ message: `${errorMessage('INTERNAL', 'zh-CN')} (TypeError)`, exit: 1 });
  });

  it('re-words an import outcome the core already worded', () => {
    const worded = errorMessage('INVALID_INPUT', 'zh-CN', { reason: '发票.pdf is a folder' });
    expect(relocalize('INVALID_INPUT', worded, 'zh-CN')).toBe('输入无效：发票.pdf 是文件夹，不是文件');
    expect(relocalize('DISK_FULL', errorMessage('DISK_FULL', 'zh-CN'), 'zh-CN')).toBe(errorMessage('DISK_FULL', 'zh-CN'));
    expect(relocalize('NOT_FOUND', '未找到：a\x1b.pdf', 'zh-CN')).toBe('未找到：a\\x1b.pdf');
  });
});

describe('the command line itself', () => {
  it.each([
    [['--josn'], 'zh-CN', '未知选项 --josn（是不是 --json？）'],
    [['--josn'], 'en', 'unknown option --josn (did you mean --json?)'],
    [['--frobnicate'], 'zh-CN', '未知选项 --frobnicate'],
    [['-x'], 'zh-CN', '未知选项 -x'],
    [['--vault'], 'zh-CN', '选项 --vault 后面缺少值'],
    [['--vault', '--json'], 'zh-CN', '选项 --vault 后面缺少值'],
    [['--json=yes'], 'zh-CN', '选项 --json 不带值'],
    [['--help=x'], 'en', 'option --help takes no value'],
  ] as const)('%j (%s)', (args, locale, text) => {
    const message = describeParseError(parseArgsError([...args]), OPTIONS, locale);
    expect(message).toContain(text);
    if (locale === 'zh-CN') expect(message).not.toMatch(/Unknown|Option|argument/);
  });

  it('escapes an option name that carries control characters', () => {
    expect(describeParseError(failure('--\x1b[2J'), OPTIONS, 'zh-CN')).toContain('\\x1b');
  });

  it('suggests only a close option', () => {
    expect(closestOption('--vualt', OPTIONS)).toBe('--vault');
    expect(closestOption('--stuff', OPTIONS)).toBe('--staff');
    expect(closestOption('--zzzzzz', OPTIONS)).toBeNull();
  });

  it('takes the language from --lang before LANG, so that a parse error is already in it', () => {
    expect(localeOf(['client', 'list', '--lang', 'en'], { LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(localeOf(['--lang=en'], {})).toBe('en');
    expect(localeOf(['client', 'list'], { LANG: 'en_US.UTF-8' })).toBe('en');
    expect(localeOf(['client', 'list', '--lang', 'zh'], { LANG: 'en_US.UTF-8' })).toBe('zh-CN');
    expect(localeOf([], {})).toBe('zh-CN');
  });
});
