import type { ConsoleMessage, Page } from '@playwright/test';

export interface LogEntry {
  type: string;
  text: string;
  url?: string;
}

/** Chromium asks an http origin for /favicon.ico; the app:// shell never does. Not the app's doing. */
function isBrowserNoise(msg: ConsoleMessage): boolean {
  return msg.text().startsWith('Failed to load resource') && /\/favicon\.ico$/.test(msg.location().url);
}

const CSP_PATTERN = /Content[ -]Security[ -]Policy|Refused to (execute|evaluate|load|apply|connect|frame|create|display)/i;

/** Everything the page logged as an error or warning, plus uncaught page errors. */
export class BrowserLog {
  readonly entries: LogEntry[] = [];

  attach(page: Page): void {
    page.on('console', (msg: ConsoleMessage) => {
      if (msg.type() !== 'error' && msg.type() !== 'warning') return;
      if (isBrowserNoise(msg)) return;
      this.entries.push({ type: msg.type(), text: msg.text(), url: msg.location().url });
    });
    page.on('pageerror', (err) => this.entries.push({ type: 'pageerror', text: String(err) }));
  }

  cspViolations(): LogEntry[] {
    return this.entries.filter((e) => CSP_PATTERN.test(e.text));
  }

  errors(): LogEntry[] {
    return this.entries.filter((e) => e.type === 'error' || e.type === 'pageerror');
  }

  clear(): void {
    this.entries.length = 0;
  }
}
