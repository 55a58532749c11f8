import type { DocumentFields, FileOverride } from '../../../shared/contract';
import type { ImportProposal } from '../../../shared/document-guess';
import type { ImportOutcome, PickedBatch } from '../../../shared/domain';
import { VaultError } from '../errors';
import type { ContentReader } from '../search/content-indexer';
import type { DocumentService } from './document-service';
import { ImportPicks, pickedFiles, pickedFolder, type HeldFile } from './import-picks';
import { pathSource, proposeImport } from './import-proposal';

/**
 * 导入文件 / 导入文件夹 in three steps: the dialog's files held under a token (names and sizes shown,
 * paths kept here), each file's proposal read by the same rule as a dropped file's, then the import
 * with each file's own 所属期 and category as the person left them.
 */
export class PickedImport {
  readonly picks: ImportPicks;

  constructor(
    private readonly documents: DocumentService,
    private readonly reader: ContentReader | null,
    /** The session's lock signal: held picks are dropped, and a proposal being read stops. */
    private readonly signal: AbortSignal,
    now?: () => number,
  ) {
    this.picks = new ImportPicks(now);
    signal.addEventListener('abort', () => this.picks.clear(), { once: true });
  }

  /** Holds the files a dialog picked (or every file below a picked folder). */
  async hold(clientId: string, picked: { files: readonly string[] } | { folder: string }): Promise<PickedBatch> {
    this.documents.assertCanImport(clientId);
    const files = 'folder' in picked ? await pickedFolder(picked.folder) : await pickedFiles(picked.files);
    if (this.signal.aborted) throw new VaultError('VAULT_LOCKED');
    const token = this.picks.hold(clientId, files);
    return { cancelled: false, token, files: files.map(({ name, folder, size }) => ({ name, folder, size })) };
  }

  /** The proposal for one picked file (by its place in the pick): its name, else its words. */
  propose(clientId: string, token: string, index: number): Promise<ImportProposal> {
    this.documents.assertCanImport(clientId);
    const file = fileAt(this.picks.get(token, clientId).files, index);
    return proposeImport(this.reader, pathSource(file.name, file.path, file.size), this.signal);
  }

  /**
   * Imports a pick once: each file with its own override (same order and count as the pick), the batch's
   * tags and notes. A file's category is its own, else its sub-folder's name, else the batch's; its
   * 所属期 is its own, empty when nothing was found or chosen (未识别). Outcomes name files, not paths.
   */
  async import(clientId: string, token: string, fields: DocumentFields, overrides: readonly FileOverride[]): Promise<ImportOutcome[]> {
    this.documents.assertCanImport(clientId);
    const { files } = this.picks.get(token, clientId);
    if (overrides.length !== files.length) throw new VaultError('INVALID_INPUT', { reason: 'the per-file list does not match the pick' });
    this.picks.take(token, clientId);
    const perFile = files.map((file, i) => {
      const own = overrides[i]!;
      return { category: own.category || file.folder || fields.category, periodYear: own.periodYear, periodMonth: own.periodYear === null ? null : own.periodMonth };
    });
    const outcomes = await this.documents.importFiles(
      clientId,
      files.map((f) => f.path),
      { ...fields, perFile },
    );
    return outcomes.map((outcome, i) => ({ ...outcome, source: shownName(files[i]!) }));
  }
}

function fileAt(files: readonly HeldFile[], index: number): HeldFile {
  const file = files[index];
  if (!file) throw new VaultError('INVALID_INPUT', { reason: 'no such file in the pick' });
  return file;
}

function shownName(file: HeldFile): string {
  return file.folder ? `${file.folder}/${file.name}` : file.name;
}
