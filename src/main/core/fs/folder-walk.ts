import { promises as fsp } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface WalkedFile {
  path: string;
  /** Sub-folder path below the picked folder ("凭证/2024"), or "" for files at its top. */
  folder: string;
}

/** Lists regular files below `root`, not following symbolic links, hidden files skipped. */
export async function walkFolder(root: string, limit = 100_000): Promise<WalkedFile[]> {
  const out: WalkedFile[] = [];
  const visit = async (dir: string): Promise<void> => {
    const entries = await fsp.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || out.length >= limit) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await visit(path);
      else if (entry.isFile()) out.push({ path, folder: relative(root, dir).split(sep).filter(Boolean).join('/') });
    }
  };
  await visit(root);
  return out;
}
