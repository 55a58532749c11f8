/**
 * Linux has no screen-lock event in Electron, so the app listens on D-Bus
 * through `dbus-monitor` (no npm dependency) and reads its default text
 * output. This file is the pure part: which signals to watch, and a line
 * parser tested on captured output.
 *
 * Anyone on the session bus can emit these signals; a forged one can only
 * lock the vault (or ask for an idle re-check), never unlock it.
 */
import type { PowerEvent } from './lock-controller';

export type DbusLockSignal = Extract<PowerEvent, 'suspend' | 'resume' | 'lock-screen' | 'unlock-screen'>;

export type DbusBus = 'system' | 'session';

const LOGIN_MANAGER = 'org.freedesktop.login1.Manager';
const LOGIN_SESSION = 'org.freedesktop.login1.Session';

/** Screen savers that announce ActiveChanged(bool) on the session bus (KDE and others, GNOME, MATE, Cinnamon, Xfce). */
export const SCREENSAVER_INTERFACES: readonly string[] = Object.freeze([
  'org.freedesktop.ScreenSaver',
  'org.gnome.ScreenSaver',
  'org.mate.ScreenSaver',
  'org.cinnamon.ScreenSaver',
  'org.xfce.ScreenSaver',
]);

function rule(iface: string, member: string): string {
  return `type='signal',interface='${iface}',member='${member}'`;
}

export interface DbusWatch {
  bus: DbusBus;
  rules: readonly string[];
}

/**
 * The system bus carries logind: PrepareForSleep(true/false) around suspend and
 * the session's Lock/Unlock (`loginctl lock-session`, many lockers). Lock is
 * taken from any session: locking on another user's lock is harmless.
 */
export const DBUS_WATCHES: readonly DbusWatch[] = Object.freeze([
  { bus: 'system', rules: [rule(LOGIN_MANAGER, 'PrepareForSleep'), rule(LOGIN_SESSION, 'Lock'), rule(LOGIN_SESSION, 'Unlock')] },
  { bus: 'session', rules: SCREENSAVER_INTERFACES.map((iface) => rule(iface, 'ActiveChanged')) },
]);

export function dbusMonitorArgs(watch: DbusWatch): string[] {
  return [`--${watch.bus}`, ...watch.rules];
}

const HEADER = /^(signal|method call|method return|error)\s.*?\binterface=([\w.]+);\s*member=(\w+)/;
const BOOLEAN_ARG = /^\s+boolean\s+(true|false)\s*$/;

/**
 * Reads dbus-monitor's default output one line at a time. A message is a
 * header line ("signal time=… path=…; interface=…; member=…") followed by
 * indented argument lines ("   boolean true"). Signals without arguments are
 * reported at their header; the others at their first argument, so nothing
 * waits for the next message to arrive.
 */
export class DbusMonitorParser {
  /** A header whose boolean argument is still to come. */
  private pending: { iface: string; member: string } | null = null;

  push(line: string): DbusLockSignal | null {
    const header = HEADER.exec(line);
    if (header) {
      this.pending = null;
      const [, kind, iface = '', member = ''] = header;
      if (kind !== 'signal') return null;
      if (iface === LOGIN_SESSION && member === 'Lock') return 'lock-screen';
      if (iface === LOGIN_SESSION && member === 'Unlock') return 'unlock-screen';
      if ((iface === LOGIN_MANAGER && member === 'PrepareForSleep') || (SCREENSAVER_INTERFACES.includes(iface) && member === 'ActiveChanged')) {
        this.pending = { iface, member };
      }
      return null;
    }
    const pending = this.pending;
    if (!pending) return null;
    const arg = BOOLEAN_ARG.exec(line);
    this.pending = null;
    if (!arg) return null;
    const on = arg[1] === 'true';
    if (pending.member === 'PrepareForSleep') return on ? 'suspend' : 'resume';
    return on ? 'lock-screen' : 'unlock-screen';
  }
}

/** Splits a text stream into lines; a line longer than `maxLine` is dropped rather than buffered without end. */
export class LineSplitter {
  private buffer = '';
  private overflow = false;

  constructor(private readonly maxLine = 64 * 1024) {}

  push(chunk: string): string[] {
    const parts = (this.buffer + chunk).split('\n');
    this.buffer = parts.pop() ?? '';
    const lines: string[] = [];
    for (const part of parts) {
      if (!this.overflow) lines.push(part.endsWith('\r') ? part.slice(0, -1) : part);
      this.overflow = false;
    }
    if (this.buffer.length > this.maxLine) {
      this.buffer = '';
      this.overflow = true;
    }
    return lines;
  }
}
