/**
 * Smoke test of the installers' build (dist/, from `npm run dist`), run by .github/workflows/release.yml on
 * each platform after packaging, never by `npm test` (it needs the Electron binary). Two parts:
 *  - the packaged binary itself, as a person starts it: it stays up on an empty vault, and refuses the
 *    switches a debugger would attach through;
 *  - the packaged app.asar and SQLite addon, in the stock Electron of the same version (Playwright cannot
 *    attach to the hardened binary: see stock-electron-main.cjs): create a vault, see the recovery key,
 *    add a client, import a file, lock, unlock, and find the file again.
 * Each test gets fresh temporary vault, state and profile folders.
 */
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packagedApp } from './packaged-app';

const ROOT = join(__dirname, '..', '..');
const WRAPPER = join(__dirname, 'stock-electron-main.cjs');
const OWNER = { name: '发布测试会计', password: 'Zhangdun-release-smoke-1!' } as const;
const CLIENT = '福州闽江发布测试财税咨询有限公司';
const FILE = { name: '三月银行对账单.txt', text: '2025-03-01,货款,1200.00\n' } as const;

const packaged = packagedApp(join(ROOT, 'dist'), process.platform, (dir) => readdirSync(dir));

interface Dirs {
  root: string;
  vault: string;
  state: string;
  profile: string;
  files: string;
}

let dirs: Dirs;

test.beforeEach(() => {
  // Real paths: macOS's tmpdir is behind a symbolic link, and imports do not follow one.
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'zhangdun-release-')));
  dirs = { root, vault: join(root, 'vault'), state: join(root, 'state'), profile: join(root, 'profile'), files: join(root, 'files') };
  for (const dir of [dirs.state, dirs.profile, dirs.files]) mkdirSync(dir);
});

test.afterEach(() => {
  rmSync(dirs.root, { recursive: true, force: true, maxRetries: 5, retryDelay: 500 });
});

/** This process's environment for the app: no Electron-as-Node switch, the fresh vault and state folders. */
function appEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  delete env['ELECTRON_RUN_AS_NODE'];
  delete env['NODE_OPTIONS'];
  return { ...env, ZHANGDUN_VAULT: dirs.vault, ZHANGDUN_STATE_DIR: dirs.state, ...extra };
}

interface Run {
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts the packaged binary as a person would (no Playwright in between). */
function runPackaged(args: string[]): Run {
  const child = spawn(packaged.executable, args, { env: appEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
  return {
    exited,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    },
  };
}

const delay = (ms: number) => new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), ms));

test.describe('the packaged binary', () => {
  test('starts on an empty vault folder and stays up', async () => {
    const run = runPackaged([]);
    try {
      // A missing or wrong SQLite addon, a failed asar integrity check or a bad fuse ends the process early.
      const outcome = await Promise.race([run.exited, delay(20_000)]);
      expect(outcome, run.output()).toBe('running');
      expect(run.output()).not.toMatch(/\[zhangdun\]|FATAL/);
    } finally {
      await run.stop();
    }
  });

  for (const [arg, name] of [
    ['--inspect=0', 'inspect'],
    ['--remote-debugging-port=0', 'remote-debugging-port'],
  ] as const) {
    test(`refuses ${arg}, through which a debugger would attach`, async () => {
      const run = runPackaged([arg]);
      try {
        const outcome = await Promise.race([run.exited, delay(30_000)]);
        expect(outcome, run.output()).toBe(1);
        expect(run.output()).toContain(`Refusing to start with --${name}`);
      } finally {
        await run.stop();
      }
    });
  }
});

/** antd spaces two-character Chinese button labels (锁 定) and puts an icon's name first: match the label at the end. */
function buttonName(label: string): RegExp {
  return new RegExp(`(^|\\s)${[...label].join('\\s*')}\\s*$`);
}

async function launchPackagedAsar(): Promise<ElectronApplication> {
  const version = (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
  const addon = join(packaged.resources, 'native', version);
  expect(readdirSync(addon), `the installers ship the SQLite addon for the Electron in node_modules (${version})`).toContain('better_sqlite3.node');
  return electron.launch({
    args: [WRAPPER],
    env: appEnv({ ZHANGDUN_SMOKE_RESOURCES: packaged.resources, ZHANGDUN_SMOKE_USER_DATA: dirs.profile }),
    timeout: 90_000,
  });
}

async function unlock(page: Page): Promise<void> {
  const form = page.getByTestId('unlock-form');
  await form.getByLabel('员工名').fill(OWNER.name);
  await form.getByLabel('密码').fill(OWNER.password);
  await form.getByRole('button', { name: buttonName('解锁') }).click();
  await expect(page.getByTestId('client-list-page')).toBeVisible({ timeout: 60_000 });
}

async function openClient(page: Page): Promise<void> {
  await page.getByTestId('client-row').filter({ hasText: CLIENT }).click();
  await expect(page.getByTestId('client-detail-page').getByTestId('client-detail-name')).toHaveText(CLIENT);
}

test('the packaged app: create a vault, see the recovery key, import a file, lock, unlock', async () => {
  const app = await launchPackagedAsar();
  try {
    const page = await app.firstWindow();

    // An empty folder: the create-vault screen, naming the folder from ZHANGDUN_VAULT.
    const form = page.getByTestId('create-vault-form');
    await expect(form.getByRole('heading', { name: '创建保险库' })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('vault-location')).toContainText(dirs.vault);
    await form.getByLabel('所有者员工名').fill(OWNER.name);
    await form.getByLabel('密码', { exact: true }).fill(OWNER.password);
    await form.getByLabel('确认密码').fill(OWNER.password);
    await form.getByRole('button', { name: '创建保险库' }).click();

    // The recovery key, shown once.
    await expect(page.getByTestId('recovery-key')).toHaveText(/^\s*AGE-SECRET-KEY-1[0-9A-Z]+\s*$/, { timeout: 60_000 });
    await expect(page.getByText('恢复密钥只显示这一次')).toBeVisible();
    expect(readdirSync(dirs.vault)).toEqual(expect.arrayContaining(['vault.db', 'vault.key']));
    await page.getByLabel('我已妥善保存恢复密钥').check();
    await page.getByRole('button', { name: buttonName('继续') }).click();
    await expect(page.getByTestId('client-list-page')).toBeVisible();

    // A client, and one file imported through 导入文件 (the OS dialog answered in main).
    await page.getByRole('button', { name: '新建客户' }).click();
    const drawer = page.getByTestId('client-form');
    await drawer.getByLabel('客户名称').fill(CLIENT);
    await drawer.getByRole('button', { name: buttonName('保存') }).click();
    await expect(page.getByText(`已创建客户：${CLIENT}`)).toBeVisible();
    await openClient(page);
    const file = join(dirs.files, FILE.name);
    writeFileSync(file, FILE.text);
    await app.evaluate(({ dialog }, paths) => {
      const answer = { canceled: false, filePaths: paths };
      dialog.showOpenDialog = (() => Promise.resolve(answer)) as unknown as typeof dialog.showOpenDialog;
    }, [file]);
    await page.getByTestId('client-detail-page').getByRole('button', { name: buttonName('导入文件') }).click();
    const fields = page.getByTestId('import-fields-modal').getByRole('dialog');
    await fields.getByRole('button', { name: '选择文件…' }).click();
    const result = page.getByTestId('import-result').getByRole('dialog');
    await expect(result.getByTestId('import-result-imported')).toContainText('已导入 1 个文件', { timeout: 60_000 });
    await result.getByRole('button', { name: buttonName('完成') }).click();
    await expect(page.getByTestId('document-row').filter({ hasText: FILE.name })).toHaveCount(1);

    // Lock, then unlock with the owner's password: the file is still there.
    await page.getByRole('button', { name: buttonName('锁定') }).click();
    await expect(page.getByTestId('unlock-form')).toBeVisible();
    await expect(page.getByText(CLIENT)).toHaveCount(0);
    await unlock(page);
    await openClient(page);
    await expect(page.getByTestId('document-row').filter({ hasText: FILE.name })).toHaveCount(1);
  } finally {
    await app.close();
  }
});
