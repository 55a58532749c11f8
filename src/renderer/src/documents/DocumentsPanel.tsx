import { DeleteOutlined, FileAddOutlined, FolderAddOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Space, Tabs, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState, type DragEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentFields } from '../../../shared/contract';
import type { ClientDetail, DocumentMeta } from '../../../shared/domain';
import type { ErrorData } from '../../../shared/errors';
import { useCanOnClient } from '../clients/useCanOnClient';
import { useErrorText } from '../bridge/useErrorText';
import { useDocumentsStore } from '../stores/documents-store';
import { isPickGone, useImportStore, type DroppedFile, type FilePeriod, type PreparedBatch } from '../stores/import-store';
import { usePreviewStore } from '../stores/preview-store';
import { DocumentEditModal } from './DocumentEditModal';
import { DocumentTable } from './DocumentTable';
import { ImportFieldsModal } from './ImportFieldsModal';
import { ImportProgress } from './ImportProgress';
import { ImportResultModal } from './ImportResultModal';
import { TrashTable } from './TrashTable';
import { matchesTextFilter, TEXT_FILTERS, textFilterCounts, type TextFilter } from './text-status';
import { useBulkDocuments } from './useBulkDocuments';
import { useDocumentExport } from './useDocumentExport';

/** A tab another part of the client page puts next to 资料 and 回收站 (账号密码). */
export interface ExtraTab {
  key: string;
  label: ReactNode;
  children: ReactNode;
}

interface Props {
  client: ClientDetail;
  /** The open tab, when the page decides it ('active', 'trash' or an extra tab's key); otherwise the panel keeps its own. */
  tab?: string;
  onTabChange?: (key: string) => void;
  extraTabs?: ExtraTab[];
}

function hasFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer.types).includes('Files');
}

/** The dropped entries, with folders marked (they cannot be read as bytes; 导入文件夹 takes them). */
function droppedFiles(e: DragEvent): DroppedFile[] {
  const items = Array.from(e.dataTransfer.items ?? []);
  return Array.from(e.dataTransfer.files).map((file, i) => ({
    file,
    isDirectory: items[i]?.webkitGetAsEntry?.()?.isDirectory === true,
  }));
}

/** 资料 and 回收站 of one client (and any extra tabs): import (dialog or drop), preview, export, edit, trash, restore, delete; one or many at once. */
export function DocumentsPanel({ client, tab: shownTab, onTabChange, extraTabs = [] }: Props) {
  const { t } = useTranslation();
  const mayImport = useCanOnClient('doc.import');
  const { message, modal } = AntApp.useApp();
  const errorText = useErrorText();
  const { active, trashed, loading, error, category, textFilter, load, refresh, setCategory, setTextFilter, trash, restore, remove } = useDocumentsStore();
  const { pick, importPicked, drop, running, error: importError, dismiss } = useImportStore();
  const openPreview = usePreviewStore((s) => s.open);
  const exporter = useDocumentExport(client.label);
  const [ownTab, setOwnTab] = useState('active');
  const tab = shownTab ?? ownTab;
  const setTab = (key: string) => {
    setOwnTab(key);
    onTabChange?.(key);
  };
  const [preparing, setPreparing] = useState<PreparedBatch | null>(null);
  const [editing, setEditing] = useState<DocumentMeta | null>(null);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    void load(client.id);
  }, [client.id, load]);

  // Categories in use, most used first.
  const categories = useMemo(() => {
    const counts = new Map<string, number>();
    for (const doc of active) if (doc.category) counts.set(doc.category, (counts.get(doc.category) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN'));
  }, [active]);
  const bulk = useBulkDocuments({ client, active, trashed, categories: categories.map(([name]) => name), refresh });
  const statusCounts = useMemo(() => textFilterCounts(active), [active]);
  const shown = active.filter((d) => (category === null || d.category === category) && matchesTextFilter(d, textFilter));
  const filterLabel: Record<TextFilter, string> = {
    damaged: t('content.filter.damaged'),
    failed: t('content.filter.failed'),
    'needs-ocr': t('content.filter.needsOcr'),
    pending: t('content.filter.pending'),
  };
  // A status is offered while some document has it (or while it is the one chosen).
  const offeredFilters = TEXT_FILTERS.filter((f) => statusCounts[f] > 0 || textFilter === f);

  function preview(doc: { id: string; name: string; mime?: string; size?: number }) {
    void openPreview({ id: doc.id, name: doc.name, clientId: client.id, mime: doc.mime, size: doc.size });
  }

  async function act(run: () => Promise<ErrorData | null>, done: string) {
    const failure = await run();
    if (failure) void message.error(errorText(failure));
    else void message.success(done);
    await refresh();
  }

  function confirmDelete(doc: DocumentMeta) {
    void modal.confirm({
      title: t('trash.confirmTitle', { name: doc.name }),
      content: t('trash.confirmBody'),
      okText: t('trash.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => act(() => remove(doc.id), t('trash.deleted')),
    });
  }

  function startImport(fields: DocumentFields, periods: FilePeriod[]) {
    const job = preparing;
    setPreparing(null);
    if (!job) return;
    if (job.mode === 'drop') void drop(client.id, job.files.map((f, i) => ({ ...f, period: periods[i] })), fields);
    else void importPicked(client.id, job.token, fields, periods);
  }

  /** 导入文件 / 导入文件夹: the dialog first, then the import dialog with what was picked. */
  async function choose(mode: 'files' | 'folder') {
    const picked = await pick(client.id, mode);
    if (!picked) return;
    if (picked.files.length === 0) {
      void message.info(t('importer.emptyFolder'));
      return;
    }
    setPreparing(picked);
  }

  function onDrop(e: DragEvent<HTMLDivElement>) {
    if (!hasFiles(e)) return;
    e.preventDefault();
    setDragging(false);
    // A role that cannot import is offered no import (main would refuse it anyway).
    if (!mayImport) return;
    const files = droppedFiles(e);
    if (files.length === 0) return;
    if (running) {
      void message.warning(t('importer.busy'));
      return;
    }
    setTab('active');
    setPreparing({ mode: 'drop', files });
  }

  const importButtons = mayImport && (
    <Space>
      <Button icon={<FileAddOutlined />} type="primary" disabled={running !== null} onClick={() => void choose('files')}>
        {t('importer.importFiles')}
      </Button>
      <Button icon={<FolderAddOutlined />} disabled={running !== null} onClick={() => void choose('folder')}>
        {t('importer.importFolder')}
      </Button>
    </Space>
  );

  const activeTab = (
    <div
      className={`documents-drop${dragging ? ' documents-drop-active' : ''}`}
      data-testid="documents-drop-zone"
      onDragEnter={(e) => hasFiles(e) && setDragging(true)}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <div className="documents-toolbar">
        <div className="category-chips" role="group" aria-label={t('documents.categoryFilter')} data-testid="category-filter">
          <Tag.CheckableTag checked={category === null} onChange={() => setCategory(null)}>
            {t('documents.allCategories', { count: active.length })}
          </Tag.CheckableTag>
          {categories.map(([name, count]) => (
            <Tag.CheckableTag key={name} checked={category === name} onChange={(on) => setCategory(on ? name : null)}>
              {name} <span className="chip-count">{count}</span>
            </Tag.CheckableTag>
          ))}
          {offeredFilters.length > 0 && (
            <span className="text-filter-chips" role="group" aria-label={t('content.filter.label')} data-testid="text-filter">
              {offeredFilters.map((f) => (
                <Tag.CheckableTag key={f} checked={textFilter === f} onChange={(on) => setTextFilter(on ? f : null)} data-testid={`text-filter-${f}`}>
                  {filterLabel[f]} <span className="chip-count">{statusCounts[f]}</span>
                </Tag.CheckableTag>
              ))}
            </span>
          )}
        </div>
        {mayImport && (
          <Typography.Text type="secondary" className="drop-hint">
            <InboxOutlined /> {t('importer.dropHint')}
          </Typography.Text>
        )}
      </div>
      <ImportProgress />
      {importError && (
        <Alert type="error" showIcon closable={{ onClose: dismiss }} className="documents-alert" title={t('importer.batchFailed')} description={isPickGone(importError) ? t('importer.pickGone') : errorText(importError)} />
      )}
      {error && <Alert type="error" showIcon className="documents-alert" title={t('documents.loadFailed')} description={errorText(error)} />}
      {bulk.activeBar}
      <DocumentTable
        documents={shown}
        selection={bulk.activeSelection}
        loading={loading}
        filtered={category !== null || textFilter !== null}
        onPreview={preview}
        onExport={exporter.start}
        onEdit={setEditing}
        onTrash={(doc) => void act(() => trash(doc.id), t('documents.trashed', { name: doc.name }))}
      />
      {dragging && mayImport && (
        <div className="documents-drop-overlay" aria-hidden="true">
          <InboxOutlined className="documents-drop-icon" />
          <div>{t('importer.dropHere', { client: client.name })}</div>
        </div>
      )}
    </div>
  );

  return (
    <section className="documents-panel" data-testid="documents-panel">
      <Tabs
        activeKey={tab}
        onChange={setTab}
        tabBarExtraContent={tab === 'active' ? importButtons : null}
        items={[
          { key: 'active', label: t('documents.tab', { count: active.length }), children: activeTab },
          {
            key: 'trash',
            label: (
              <span data-testid="trash-tab">
                <DeleteOutlined /> {t('trash.tab', { count: trashed.length })}
              </span>
            ),
            children: (
              <>
                {bulk.trashBar}
                <TrashTable
                  documents={trashed}
                  selection={bulk.trashSelection}
                  loading={loading}
                  onRestore={(doc) => void act(() => restore(doc.id), t('trash.restored', { name: doc.name }))}
                  onDelete={confirmDelete}
                />
              </>
            ),
          },
          ...extraTabs,
        ]}
      />
      <ImportFieldsModal
        batch={preparing}
        clientId={client.id}
        category={category}
        categories={categories.map(([name]) => name)}
        onCancel={() => setPreparing(null)}
        onSubmit={startImport}
      />
      <ImportResultModal onOpenDocument={(id, name) => preview([...active, ...trashed].find((d) => d.id === id) ?? { id, name })} />
      <DocumentEditModal
        document={editing}
        categories={categories.map(([name]) => name)}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          void refresh();
        }}
      />
      {exporter.modal}
      {bulk.modals}
    </section>
  );
}
