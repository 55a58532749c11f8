import { promises as fsp } from 'node:fs';
import { VaultError } from '../core/errors';

export interface PasswordSources {
  env: NodeJS.ProcessEnv;
  passwordFile?: string;
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
}

/**
 * Reads a password into a Buffer from, in order: a file, an environment
 * variable, or a hidden prompt on a terminal. Returns null if none is available.
 */
export async function readPassword(sources: PasswordSources, envName: string, prompt: string, fromFile = true): Promise<Buffer | null> {
  if (fromFile && sources.passwordFile) {
    try {
      const raw = await fsp.readFile(sources.passwordFile);
      // Only the trailing newline an editor adds is stripped.
      let end = raw.length;
      while (end > 0 && (raw[end - 1] === 0x0a || raw[end - 1] === 0x0d)) end--;
      const out = Buffer.from(raw.subarray(0, end));
      raw.fill(0);
      return out;
    } catch {
      throw new VaultError('NOT_FOUND', { what: sources.passwordFile });
    }
  }
  const fromEnv = sources.env[envName];
  if (fromEnv !== undefined && fromEnv !== '') return Buffer.from(fromEnv, 'utf8');
  if (sources.stdin.isTTY) return promptHidden(sources.stdin, sources.stderr, prompt);
  return null;
}

/** Reads one line from the terminal without echoing it, straight into a Buffer. */
export function promptHidden(stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream, prompt: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    stderr.write(prompt);
    const bytes: number[] = [];
    stdin.setRawMode?.(true);
    stdin.resume();
    const done = (result: Buffer | Error) => {
      stdin.setRawMode?.(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      stderr.write('\n');
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: Buffer) => {
      for (const byte of chunk) {
        if (byte === 0x0d || byte === 0x0a) {
          const out = Buffer.from(bytes);
          bytes.fill(0);
          done(out);
          return;
        }
        if (byte === 0x03) {
          bytes.fill(0);
          done(new VaultError('CANCELLED'));
          return;
        }
        if (byte === 0x7f || byte === 0x08) bytes.pop();
        else bytes.push(byte);
      }
      chunk.fill(0);
    };
    stdin.on('data', onData);
  });
}
