/**
 * Builds the preview model of a Word or Excel file, on whatever thread calls it (the preview
 * worker in the app, or a test). Every problem with the file is a failure result, never a throw.
 */
import type { OfficeModel } from '../../../shared/office-preview';
import { isOleFile, oleIsEncrypted } from '../extract/sniff';
import { buildDocxModel } from './docx-model';
import { PreviewRefusal } from './ooxml-package';
import { buildXlsxModel } from './xlsx-model';

export type OfficeKind = 'docx' | 'xlsx';

export function buildOfficeModel(bytes: Buffer, kind: OfficeKind): OfficeModel {
  // Old .doc/.xls and password-protected files are OLE compound files, not zips.
  if (isOleFile(bytes)) return { kind: 'failed', reason: oleIsEncrypted(bytes) ? 'encrypted' : 'unsupported' };
  try {
    return kind === 'docx' ? buildDocxModel(bytes) : buildXlsxModel(bytes);
  } catch (err) {
    if (err instanceof PreviewRefusal) return { kind: 'failed', reason: err.reason };
    // A reader's unexpected error (a stack overflow on absurd nesting, a header read past the end) is the file's doing.
    return { kind: 'failed', reason: 'damaged' };
  }
}
