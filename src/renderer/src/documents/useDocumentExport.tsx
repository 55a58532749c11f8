import { App as AntApp } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Label } from '../../../shared/domain';
import { useErrorText } from '../bridge/useErrorText';
import { useDocumentsStore } from '../stores/documents-store';
import { ExportReasonModal } from './ExportReasonModal';

interface Target {
  id: string;
  name: string;
}

/** Labels whose documents need a reason to leave the vault (main enforces the same rule). */
function needsReason(label: Label | null): boolean {
  return label === 'confidential' || label === 'secret';
}

/**
 * 导出: asks for a reason first when the client is 机密/绝密, then main opens
 * the save dialog. Shows where the file went; a cancelled dialog shows nothing.
 * Render `modal` once where the hook is used.
 */
export function useDocumentExport(label: Label | null): { start: (doc: Target) => void; modal: ReactNode } {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const exportDocument = useDocumentsStore((s) => s.exportDocument);
  const [pending, setPending] = useState<Target | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(doc: Target, reason: string): Promise<void> {
    setBusy(true);
    const result = await exportDocument(doc.id, reason);
    setBusy(false);
    if (result.ok) {
      setPending(null);
      if (!result.data.cancelled) void message.success({ content: t('exporter.saved', { path: result.data.path }), duration: 8 });
    } else if (result.error.code === 'REASON_REQUIRED') {
      // The label was not known here (or changed): main asks for the reason instead.
      setPending(doc);
    } else {
      setPending(null);
      void message.error(`${t('exporter.failed')} ${errorText(result.error)}`);
    }
  }

  const start = (doc: Target) => {
    if (needsReason(label)) setPending(doc);
    else void run(doc, '');
  };

  const modal = (
    <ExportReasonModal
      document={pending}
      label={label}
      busy={busy}
      onCancel={() => setPending(null)}
      onSubmit={(reason) => {
        if (pending) void run(pending, reason);
      }}
    />
  );
  return { start, modal };
}
