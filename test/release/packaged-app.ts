/**
 * Where electron-builder leaves the unpacked app it makes the installers from, per platform. Pure (the folder
 * listing is passed in), so test/scripts/release.test.ts checks it without a build.
 */
import { join } from 'node:path';

/** build/electron-builder.yml's productName and linux.executableName (release.test.ts holds them equal). */
export const PRODUCT_NAME = 'Zhangdun';
export const LINUX_EXECUTABLE = 'zhangdun';

export interface PackagedApp {
  /** The binary a person starts: fuses flipped, the app.asar integrity-checked. */
  executable: string;
  /** resources/: app.asar, app.asar.unpacked and native/<electron version>/better_sqlite3.node. */
  resources: string;
}

/** The unpacked app's folder name in dist/: linux-unpacked, win-unpacked, mac (each with an -<arch> when not x64). */
const FOLDER: Partial<Record<NodeJS.Platform, RegExp>> = {
  linux: /^linux(-[a-z0-9]+)?-unpacked$/,
  win32: /^win(-[a-z0-9]+)?-unpacked$/,
  darwin: /^mac(-[a-z0-9]+)?$/,
};

export function packagedApp(distDir: string, platform: NodeJS.Platform, list: (dir: string) => string[]): PackagedApp {
  const pattern = FOLDER[platform];
  if (!pattern) throw new Error(`no installer is built for ${platform}`);
  let entries: string[];
  try {
    entries = list(distDir);
  } catch {
    entries = [];
  }
  const found = entries.filter((name) => pattern.test(name));
  if (found.length !== 1) {
    const what = found.length === 0 ? 'no unpacked app' : `${found.length} unpacked apps (${found.join(', ')})`;
    throw new Error(`${what} for ${platform} in ${distDir}: run \`npm run dist\` for this platform first, into an empty dist/`);
  }
  const dir = join(distDir, found[0]!);
  switch (platform) {
    case 'darwin': {
      const contents = join(dir, `${PRODUCT_NAME}.app`, 'Contents');
      return { executable: join(contents, 'MacOS', PRODUCT_NAME), resources: join(contents, 'Resources') };
    }
    case 'win32':
      return { executable: join(dir, `${PRODUCT_NAME}.exe`), resources: join(dir, 'resources') };
    case 'linux':
      return { executable: join(dir, LINUX_EXECUTABLE), resources: join(dir, 'resources') };
    default:
      throw new Error(`no installer is built for ${platform}`);
  }
}
