/**
 * 恢复密钥单: the recovery key on one printable A4 page — the key as text
 * (whole, and in groups of four for typing), as a QR code, the vault's name
 * and fingerprint, the date, and short instructions. The key is also carried
 * in the PDF's document information as a plain string, so that restore and
 * unlock can read it back from the file itself (recovery-key-text.ts).
 */
import { groupedRecoveryKey } from '../keys/recovery-key-text';
import { encodeQr } from '../reports/qr-code';
import { A4, STSONG, writePdf, type PdfPage, type PdfRect } from '../reports/pdf-writer';

export interface RecoverySheet {
  recoveryKey: string;
  /** What the firm calls the vault: its folder's name. */
  vaultName: string;
  /** The vault's signing fingerprint (its identity, also on backups). */
  fingerprint: string;
  /** When the sheet was made. */
  date: Date;
}

/** The document information entry that carries the key. */
export const SHEET_KEY_ENTRY = 'ZhangdunRecoveryKey';

const LEFT = 60;
const INSTRUCTIONS = [
  '1. 这是保险库的恢复密钥。所有人都忘记密码、或需要从备份恢复时，只能靠它。',
  '2. 请离线保存：打印后放进保险柜或其他上锁的地方；不要拍照，不要存到电脑、网盘、邮箱或聊天软件。',
  '3. 任何拿到本页的人都能打开保险库里的全部资料，请像保管公章一样保管。',
  '4. 使用时：在“从备份恢复”中选择本 PDF 文件、扫描二维码，或照抄上面的密钥（空格、换行可省略）。',
  '5. 打印后请删除电脑上的这份 PDF 文件，并清空回收站。',
];

export function sheetDate(date: Date): string {
  return `${date.getFullYear()}年${String(date.getMonth() + 1).padStart(2, '0')}月${String(date.getDate()).padStart(2, '0')}日`;
}

/** The QR code's dark modules as filled squares, `module` points each, top-left corner at (x, top). */
export function qrRects(text: string, x: number, top: number, module: number): { rects: PdfRect[]; side: number } {
  const qr = encodeQr(text, { level: 'M' });
  const rects: PdfRect[] = [];
  qr.modules.forEach((row, r) => {
    // Runs of dark modules in a row become one rectangle: a smaller file, no hairlines between modules.
    let start = -1;
    for (let c = 0; c <= qr.size; c++) {
      const dark = c < qr.size && row[c];
      if (dark && start < 0) start = c;
      if (!dark && start >= 0) {
        rects.push({ x: x + start * module, y: top - (r + 1) * module, width: (c - start) * module, height: module });
        start = -1;
      }
    }
  });
  return { rects, side: qr.size * module };
}

export function recoverySheetPdf(sheet: RecoverySheet): Buffer {
  const page: PdfPage = { texts: [], lines: [], rects: [] };
  const text = (x: number, y: number, size: number, value: string) => page.texts.push({ x, y, size, text: value });
  let y = A4.height - 70;
  text(LEFT, y, 20, '账盾 · 保险库恢复密钥');
  y -= 16;
  page.lines.push({ x1: LEFT, y1: y, x2: A4.width - LEFT, y2: y, width: 1 });
  y -= 26;
  text(LEFT, y, 11, `保险库：${sheet.vaultName}`);
  y -= 18;
  text(LEFT, y, 11, `日期：${sheetDate(sheet.date)}`);
  y -= 18;
  text(LEFT, y, 11, `保险库指纹：${sheet.fingerprint}`);
  y -= 34;
  text(LEFT, y, 12, '恢复密钥：');
  y -= 22;
  text(LEFT, y, 10.5, sheet.recoveryKey);
  y -= 28;
  text(LEFT, y, 11, '分组抄写（每组四个字符）：');
  for (const line of groupedRecoveryKey(sheet.recoveryKey)) {
    y -= 20;
    text(LEFT + 12, y, 14, line);
  }
  y -= 24;
  // 4 modules of quiet zone around the symbol are left white.
  const module = 4.5;
  const qr = qrRects(sheet.recoveryKey, LEFT + 4 * module, y - 4 * module, module);
  page.rects!.push(...qr.rects);
  y -= qr.side + 8 * module;
  text(LEFT, y, 9, '二维码内容即上面的恢复密钥。');
  y -= 30;
  text(LEFT, y, 12, '保管说明');
  for (const line of INSTRUCTIONS) {
    y -= 20;
    text(LEFT, y, 9.5, line);
  }
  return writePdf([page], `账盾恢复密钥 ${sheet.vaultName}`, undefined, STSONG, { Producer: 'Zhangdun', [SHEET_KEY_ENTRY]: sheet.recoveryKey });
}
