import { App as AntApp } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BulkChangeInput, BulkOutcome } from '../../../shared/bulk';
import type { ClientDetail, DocumentMeta } from '../../../shared/domain';
import type { Result } from '../../../shared/errors';
import { useCan } from '../admin/access-store';
import { useCanOnClient } from '../clients/useCanOnClient';
import { useErrorText } from '../bridge/useErrorText';
import { useBulkStore, type BulkList } from '../stores/bulk-store';
import { BulkBar } from './BulkBar';
import { BulkEditModal } from './BulkEditModal';
import { BulkReportModal } from './BulkReportModal';
import { ExportReasonModal } from './ExportReasonModal';
import { ShareModal } from './ShareModal';

/** Row selection for a table: the checkbox column, or none when the session may do nothing in bulk there. */
export interface Selection {
  selectedIds: string[];
  onChange: (ids: string[]) => void;
}

interface Options {
  client: ClientDetail;
  active: DocumentMeta[];
  trashed: DocumentMeta[];
  categories: string[];
  refresh: () => Promise<void>;
}

interface BulkDocuments {
  activeSelection: Selection | undefined;
  trashSelection: Selection | undefined;
  activeBar: ReactNode;
  trashBar: ReactNode;
  /** Render once: the edit, reason and report dialogs. */
  modals: ReactNode;
}

/**
 * 批量 on a client's 资料 and 回收站: selection, the bar over each table and
 * its actions. Every batch ends in a message of what was done and, when some
 * documents could not be done, a report of each with its reason.
 */
export function useBulkDocuments({ client, active, trashed, categories, refresh }: Options): BulkDocuments {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const { clientId, selected, report, running, select, clear, prune, update, trash, restore, exportArchive, dismissReport } = useBulkStore();
  const mayExport = useCan('doc.export');
  const mayEdit = useCanOnClient('doc.edit');
  const mayTrash = useCanOnClient('doc.trash');
  const [editing, setEditing] = useState(false);
  const [askingReason, setAskingReason] = useState(false);
  const [sharing, setSharing] = useState<string[] | null>(null);

  // A reload (or another client) drops what is no longer listed from the selection.
  useEffect(() => {
    prune(client.id, { active, trash: trashed });
  }, [client.id, active, trashed, prune]);

  const mine = clientId === client.id ? selected : { active: [], trash: [] };
  const chosen = (list: BulkList) => {
    const ids = new Set(mine[list]);
    return (list === 'active' ? active : trashed).filter((d) => ids.has(d.id));
  };
  const selection = (list: BulkList, allowed: boolean): Selection | undefined =>
    allowed ? { selectedIds: mine[list], onChange: (ids) => select(client.id, list, ids) } : undefined;

  async function finish(result: Result<BulkOutcome>, done: 'update' | 'trash' | 'restore') {
    if (!result.ok) {
      void message.error(`${t('bulk.failed')} ${errorText(result.error)}`);
    } else {
      if (result.data.done.length > 0) void message.success(t(`bulk.done.${done}`, { count: result.data.done.length }));
      if (result.data.unchanged.length > 0) void message.info(t('bulk.unchanged', { count: result.data.unchanged.length }));
    }
    await refresh();
  }

  async function runExport(reason: string) {
    const ids = mine.active;
    const result = await exportArchive(ids, reason);
    if (result.ok) {
      setAskingReason(false);
      if (!result.data.cancelled) void message.success({ content: t('bulk.exported', { count: result.data.exported, path: result.data.path }), duration: 8 });
    } else if (result.error.code === 'REASON_REQUIRED') {
      // The label was not known here (or changed): main asks for the reason instead.
      setAskingReason(true);
    } else {
      setAskingReason(false);
      void message.error(`${t('bulk.exportFailed')} ${errorText(result.error)}`);
    }
  }

  const needsReason = client.label === 'confidential' || client.label === 'secret';
  const count = mine.active.length;

  const activeBar = (
    <BulkBar
      list="active"
      count={count}
      busy={running}
      onExport={() => (needsReason ? setAskingReason(true) : void runExport(''))}
      onShare={() => setSharing([...mine.active])}
      onEdit={() => setEditing(true)}
      onTrash={() => void trash(chosen('active')).then((r) => finish(r, 'trash'))}
      onClear={() => clear('active')}
    />
  );
  const trashBar = (
    <BulkBar
      list="trash"
      count={mine.trash.length}
      busy={running}
      onRestore={() => void restore(chosen('trash')).then((r) => finish(r, 'restore'))}
      onClear={() => clear('trash')}
    />
  );

  async function submitEdit(change: BulkChangeInput) {
    const result = await update(chosen('active'), change);
    setEditing(false);
    await finish(result, 'update');
  }

  const label = client.label === 'confidential' || client.label === 'secret' ? t(`labels.${client.label}`) : t('exporter.sensitive');
  const modals = (
    <>
      <BulkEditModal documents={editing ? chosen('active') : null} categories={categories} busy={running} onCancel={() => setEditing(false)} onSubmit={(c) => void submitEdit(c)} />
      <ExportReasonModal
        document={askingReason ? { name: '' } : null}
        label={client.label}
        intro={t('bulk.reasonIntro', { count, label })}
        busy={running}
        onCancel={() => setAskingReason(false)}
        onSubmit={(reason) => void runExport(reason)}
      />
      <BulkReportModal failures={report} onClose={dismissReport} />
      <ShareModal
        clientId={client.id}
        documentIds={sharing}
        onClose={(shared) => {
          setSharing(null);
          if (shared) clear('active');
        }}
      />
    </>
  );

  return {
    activeSelection: selection('active', mayExport || mayEdit || mayTrash),
    trashSelection: selection('trash', mayTrash),
    activeBar,
    trashBar,
    modals,
  };
}
