import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EmbeddedFont } from './embedded-font';
import { readSfnt, type Sfnt } from './sfnt';

/**
 * The font report PDFs embed: Noto Sans SC Regular (SIL Open Font License;
 * resources/fonts/OFL.txt), shipped with the app inside its asar
 * (build/electron-builder.yml) and found from this bundle's folder upwards,
 * so the same lookup serves the sources, the built bundles and the packaged app.
 */
export const REPORT_FONT_FILE = join('resources', 'fonts', 'NotoSansSC-Regular.woff');

let cached: Sfnt | null = null;

export function reportFontPath(from: string = __dirname): string {
  for (let dir = from, i = 0; i < 8; i++, dir = dirname(dir)) {
    const candidate = join(dir, REPORT_FONT_FILE);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${REPORT_FONT_FILE} not found above ${from}`);
}

/** A fresh font for one PDF (it records the glyphs that PDF uses); the file is read once. */
export function reportFont(): EmbeddedFont {
  cached ??= readSfnt(readFileSync(reportFontPath()));
  return new EmbeddedFont(cached, 'NotoSansSC-Regular');
}
