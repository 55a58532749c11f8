import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleChild } from './bundle-child';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD_SOURCE = join(REPO_ROOT, 'test', 'helpers', 'crash-child.ts');

/** What crash-child.ts is told to do (passed as JSON in argv[2]). */
export interface CrashChildConfig {
  vaultDir: string;
  identityFile: string;
  seed: number;
  /** Where the child writes the plaintext files it imports (outside the vault). */
  inboxDir: string;
  /** The client to work in; if absent the child first creates one named `clientName`. */
  clientId?: string;
  clientName?: string;
  /** Stop importing once the client holds this many documents. */
  maxDocs: number;
  /** Embedded in every imported file (UTF-8 and UTF-16LE) and every document name. */
  marker?: string;
}

export interface ChildCommand {
  command: string;
  args: string[];
  /** How the child is run, for the report. */
  how: string;
}

/**
 * Bundles crash-child.ts once with esbuild (which tsx itself uses), so each
 * trial starts a plain Node process: several times faster than transpiling through
 * `--import tsx` on every start. Falls back to `--import tsx` if esbuild is
 * not resolvable. Native modules stay external, resolved to absolute paths.
 */
export async function prepareCrashChild(outDir: string, source = CHILD_SOURCE): Promise<ChildCommand> {
  try {
    return { command: process.execPath, args: [await bundleChild(source, outDir)], how: 'esbuild bundle' };
  } catch {
    return { command: process.execPath, args: ['--import', 'tsx', source], how: 'node --import tsx' };
  }
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running crash child: complete stdout lines as they arrive, and its exit. */
export class CrashChild {
  readonly lines: string[] = [];
  readonly exited: Promise<ChildExit>;
  private stderr = '';
  private partial = '';
  private waiters: (() => void)[] = [];
  private done = false;
  private readonly proc: ChildProcess;

  constructor(cmd: ChildCommand, config: object) {
    this.proc = spawn(cmd.command, [...cmd.args, JSON.stringify(config)], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout?.setEncoding('utf8');
    this.proc.stdout?.on('data', (chunk: string) => {
      const parts = (this.partial + chunk).split('\n');
      // A line cut by the kill has no newline: it was never acknowledged.
      this.partial = parts.pop() ?? '';
      this.lines.push(...parts);
      this.wake();
    });
    this.proc.stderr?.setEncoding('utf8');
    this.proc.stderr?.on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => {
      // 'close' fires after the process was reaped and its pipes drained: its pid is gone and every line is in.
      this.proc.on('close', (code, signal) => {
        this.done = true;
        this.wake();
        resolve({ code, signal });
      });
    });
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  get errorOutput(): string {
    return this.stderr;
  }

  /** Resolves once a line satisfies `predicate`; rejects if the child exits first or time runs out. */
  async waitFor(predicate: (lines: readonly string[]) => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.lines)) {
      if (this.done) throw new Error(`crash child exited early; stderr:\n${this.stderr}\nstdout:\n${this.lines.join('\n')}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`crash child timed out; stderr:\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Lets the child open the vault: it starts loaded but waiting, so its start-up overlaps the parent's checks. */
  go(): void {
    this.proc.stdin?.write('go\n');
  }

  /** SIGKILL: no handler, no flush, no close of the database. */
  async kill(): Promise<ChildExit> {
    if (!this.done) this.proc.kill('SIGKILL');
    return this.exited;
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
