import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'net', 'http', 'https', 'stream', 'util', 'zlib', 'worker_threads'];
const nodeModulePatterns = nodeBuiltins.map((name) => ({ group: [name, `${name}/*`], message: 'Node modules stay in main.' }));

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/.work/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  // The core, ipc layer and CLI never import electron: they run under Node and vitest.
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/app/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only src/main/app may import electron.' }] }],
    },
  },
  // The core is plain Node that the app, the IPC layer and the CLI all use: it imports none of them.
  // One pattern per folder depth, so '../../ipc' is refused from core/vault/x.ts while a core folder of that name would not be.
  ...[1, 2, 3, 4, 5].map((depth) => ({
    files: [`src/main/core/${'*/'.repeat(depth - 1)}*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only src/main/app may import electron.' }],
          patterns: [
            { regex: `^(\\.\\./){${depth}}(ipc|app|cli)(/|$)|(^|/)main/(ipc|app|cli)(/|$)`, message: 'src/main/core imports nothing from src/main/ipc, src/main/app or src/main/cli.' },
          ],
        },
      ],
    },
  })),
  // Only the shell's IPC wiring may register handlers with Electron.
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/main/app/ipc-wiring.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='handle'][callee.object.name='ipcMain']", message: 'Register channels through IpcRouter.handle; only ipc-wiring.ts talks to ipcMain.' },
        { selector: "CallExpression[callee.property.name='transaction']", message: 'Run transactions through transact() (src/main/core/db/transact.ts) or vault.write: it maps disk-full, read-only and damaged-page errors.' },
      ],
    },
  },
  // The renderer has no Node: no node modules, no electron.
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The renderer talks to main only through window.zhangdun.' }], patterns: [...nodeModulePatterns, { group: ['**/main/**'], message: 'The renderer never imports main code.' }] }],
    },
  },
  // The preload exposes named functions only: no node modules, no zod, no main code.
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'zod', message: 'Validation happens in main.' }], patterns: [...nodeModulePatterns, { group: ['**/main/**'], message: 'The preload never imports main code.' }] }],
    },
  },
  // Shared code is pure: no electron, node, DOM or main.
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'src/shared is pure.' }], patterns: [...nodeModulePatterns, { group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'src/shared is pure.' }] }],
    },
  },
);
