import { App as AntApp } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientImportPreview, ClientImportReport as Report } from '../../../shared/client-import';
import { useErrorText } from '../bridge/useErrorText';
import { useClientListStore } from '../stores/client-list-store';
import { useRouteStore } from '../stores/route-store';
import { ClientImportModal, type ImportChoice } from './ClientImportModal';
import { ClientImportReport } from './ClientImportReport';

/**
 * 导入: main's open dialog, then the preview (mapping, checked rows, ticks),
 * then the per-row report. Render `modals` once where the hook is used.
 */
export function useClientImport(): { start: () => void; picking: boolean; modals: ReactNode } {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const { importPick, importCheck, importRun } = useClientListStore();
  const navigate = useRouteStore((s) => s.navigate);
  const [picking, setPicking] = useState(false);
  const [running, setRunning] = useState(false);
  const [preview, setPreview] = useState<ClientImportPreview | null>(null);
  const [report, setReport] = useState<Report | null>(null);

  async function start() {
    setPicking(true);
    const picked = await importPick();
    setPicking(false);
    if (!picked.ok) {
      void message.error(`${t('clientImport.failed')}${errorText(picked.error)}`);
      return;
    }
    if ('cancelled' in picked.data) return;
    setPreview(picked.data);
  }

  async function run(choice: ImportChoice) {
    if (!preview) return;
    setRunning(true);
    const done = await importRun({ token: preview.token, ...choice });
    setRunning(false);
    if (!done.ok) {
      void message.error(`${t('clientImport.failed')}${errorText(done.error)}`);
      return;
    }
    setPreview(null);
    setReport(done.data);
  }

  function openClient(id: string) {
    setPreview(null);
    setReport(null);
    navigate({ name: 'client', id });
  }

  const modals = (
    <>
      <ClientImportModal
        preview={preview}
        busy={running}
        check={(sheet, mapping) => importCheck({ token: preview?.token ?? '', sheet, mapping })}
        onCancel={() => setPreview(null)}
        onRun={(choice) => void run(choice)}
        onOpenClient={openClient}
      />
      <ClientImportReport report={report} onClose={() => setReport(null)} onOpenClient={openClient} />
    </>
  );
  return { start: () => void start(), picking, modals };
}
