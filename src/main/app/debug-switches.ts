/**
 * Command-line switches that attach a debugger or open a remote-control port.
 * Either would let anyone who can start the app read the unlocked vault out
 * of memory, so the app refuses to run with them. In packaged builds the
 * Electron fuses already switch Node's inspector flags off; this check is the
 * second line, and the only one for Chromium's remote debugging.
 */

/** Switch names (lower-case, dashes) that are refused. */
export const REFUSED_SWITCHES: readonly string[] = Object.freeze([
  'inspect',
  'inspect-brk',
  'inspect-port',
  'inspect-wait',
  'inspect-publish-uid',
  'debug',
  'debug-brk',
  'debug-port',
  'remote-debugging-port',
  'remote-debugging-pipe',
  'remote-debugging-address',
  'remote-allow-origins',
]);

/**
 * Returns the first refused switch found in `args`, or null.
 * Chromium accepts `--x`, `-x` and (on Windows) `/x`, case-insensitively;
 * Node treats `_` and `-` in option names alike. All of those spellings count.
 */
export function findDebugSwitch(args: readonly string[], platform: string): string | null {
  const prefix = platform === 'win32' ? /^(?:--|-|\/)/ : /^(?:--|-)/;
  for (const arg of args) {
    const head = prefix.exec(arg);
    if (!head) continue;
    const name = arg.slice(head[0].length).split('=', 1)[0]?.toLowerCase().replace(/_/g, '-') ?? '';
    if (REFUSED_SWITCHES.includes(name)) return name;
  }
  return null;
}

/** NODE_OPTIONS is parsed by Node like extra arguments; split it so its switches are checked too. */
export function nodeOptionsArgs(value: string | undefined): string[] {
  return value ? value.split(/\s+/).filter((part) => part !== '') : [];
}
