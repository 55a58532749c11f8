#!/usr/bin/env node
/**
 * `npm test`: typecheck, lint, build, then both test suites, vitest and
 * Playwright. Every stage runs even after another failed (only Playwright
 * waits for a successful build, which it tests), so one run shows the
 * results of both suites; a summary follows, and the exit code is non-zero
 * if any stage failed. Types: test.d.mts.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The stages in order: each a Node entry script under node_modules and its arguments. */
export const STAGES = [
  { name: 'typecheck', entry: 'typescript/bin/tsc', args: ['-b'] },
  { name: 'lint', entry: 'eslint/bin/eslint.js', args: ['--max-warnings', '0', '.'] },
  { name: 'build', entry: 'electron-vite/bin/electron-vite.js', args: ['build'] },
  { name: 'vitest', entry: 'vitest/vitest.mjs', args: ['run'], suite: true },
  { name: 'playwright', entry: '@playwright/test/cli.js', args: ['test'], suite: true, needs: 'build' },
];

/** Whether a stage runs, given the results so far: Playwright tests the build, so it needs one. */
export function planStage(stage, results) {
  if (!stage.needs) return { run: true };
  const needed = results.find((r) => r.name === stage.needs);
  if (needed && needed.status !== 'passed') return { run: false, reason: `${stage.needs} ${needed.status}` };
  return { run: true };
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** A suite's own count line, from what it printed: vitest's "Tests  3 passed | 1 failed (4)", Playwright's "  3 passed (1.2m)". */
export function suiteCounts(name, output) {
  const text = String(output ?? '').replace(ANSI, '');
  if (name === 'vitest') {
    const lines = [...text.matchAll(/^\s*Tests\s+(.+?)\s*$/gm)];
    return lines.at(-1)?.[1] ?? null;
  }
  if (name === 'playwright') {
    const counts = [...text.matchAll(/^\s{0,4}(\d+ (?:passed|failed|flaky|skipped|interrupted|did not run))\b/gm)].map((m) => m[1]);
    return counts.length > 0 ? counts.join(', ') : null;
  }
  return null;
}

function duration(ms) {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** The summary printed at the end, and the exit code of the whole run. */
export function summarize(results) {
  const width = Math.max(...results.map((r) => r.name.length));
  const lines = results.map((r) => {
    const state =
      r.status === 'passed' ? 'passed' : r.status === 'skipped' ? `skipped (${r.reason})` : `FAILED (exit ${r.exitCode})`;
    const counts = r.counts ? `  ${r.counts}` : '';
    const time = r.status === 'skipped' ? '' : `  ${duration(r.ms)}`;
    return `  ${r.name.padEnd(width)}  ${state}${time}${counts}`;
  });
  const failed = results.filter((r) => r.status !== 'passed');
  const verdict =
    failed.length === 0
      ? `npm test: all ${results.length} stages passed.`
      : `npm test: ${failed.length} of ${results.length} stages did not pass (${failed.map((r) => r.name).join(', ')}).`;
  return { text: ['', '── npm test summary ──', ...lines, verdict].join('\n'), exitCode: failed.length === 0 ? 0 : 1 };
}

/** Runs one stage with its output shown as usual, keeping the end of it for the counts. */
function runStage(stage) {
  return new Promise((resolve) => {
    const started = Date.now();
    const env = { ...process.env, ...(process.stdout.isTTY ? { FORCE_COLOR: '1' } : {}) };
    const child = spawn(process.execPath, [join(root, 'node_modules', stage.entry), ...stage.args], { cwd: root, env, stdio: ['inherit', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk, to) => {
      to.write(chunk);
      tail = (tail + chunk.toString('utf8')).slice(-50_000);
    };
    child.stdout.on('data', (chunk) => keep(chunk, process.stdout));
    child.stderr.on('data', (chunk) => keep(chunk, process.stderr));
    const finish = (exitCode) => {
      const counts = stage.suite ? suiteCounts(stage.name, tail) : null;
      resolve({ name: stage.name, status: exitCode === 0 ? 'passed' : 'failed', exitCode, ms: Date.now() - started, ...(counts ? { counts } : {}) });
    };
    child.on('error', () => finish(127));
    child.on('close', (code, signal) => finish(code ?? (signal ? 128 : 1)));
  });
}

async function main() {
  const results = [];
  for (const stage of STAGES) {
    const plan = planStage(stage, results);
    if (!plan.run) {
      results.push({ name: stage.name, status: 'skipped', reason: plan.reason, ms: 0 });
      continue;
    }
    console.log(`\n── ${stage.name} ──`);
    results.push(await runStage(stage));
  }
  const { text, exitCode } = summarize(results);
  console.log(text);
  process.exitCode = exitCode;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
