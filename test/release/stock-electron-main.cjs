/**
 * The entry electron-smoke.spec.ts starts in the stock Electron from node_modules (the version the installers
 * ship) to drive the packaged app.asar's own bundles through the UI.
 *
 * Why not the packaged binary: Playwright's _electron attaches only through --inspect=0 and
 * --remote-debugging-port=0, and the packaged binary takes neither. Its fuses switch Node's inspector off
 * (build/after-pack.cjs) and the app refuses both switches (src/main/app/debug-switches.ts); the spec checks
 * that refusal on the packaged binary itself. Here, in a file that is never packaged, exactly those two
 * switches are hidden from the app's check; every other debug switch is still refused.
 */
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- Electron's CommonJS main entry; an ESM one could let
   'ready' fire before the app registers its app:// scheme. */
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { app } = require('electron');

function fromEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: this file is started by test/release/electron-smoke.spec.ts`);
  return value;
}

const resources = fromEnv('ZHANGDUN_SMOKE_RESOURCES');
// The SQLite addon the installer ships for this Electron version. Unpackaged, the app takes it from the
// environment (packaged, it reads only resources/native/, which here is the stock Electron's).
const binding = join(resources, 'native', process.versions.electron, 'better_sqlite3.node');
if (!existsSync(binding)) throw new Error(`no SQLite addon for Electron ${process.versions.electron} in ${resources}`);
process.env.ZHANGDUN_NATIVE_BINDING = binding;
// Never this machine's own Electron profile.
app.setPath('userData', fromEnv('ZHANGDUN_SMOKE_USER_DATA'));

const ATTACH_SWITCHES = new Set(['inspect', 'remote-debugging-port']);
const hasSwitch = app.commandLine.hasSwitch.bind(app.commandLine);
app.commandLine.hasSwitch = (name) => !ATTACH_SWITCHES.has(name) && hasSwitch(name);
if (app.commandLine.hasSwitch('remote-debugging-port')) throw new Error('could not hide the attach switches from the app');
process.execArgv = process.execArgv.filter((arg) => !/^--inspect(=|$)/.test(arg));

require(join(resources, 'app.asar', 'out', 'main', 'index.js'));
