import { App as AntApp } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CredentialImportPreview, CredentialImportRow } from '../../../shared/credentials';
import { useErrorText } from '../bridge/useErrorText';
import { useCredentialsStore } from '../stores/credentials-store';
import { ImportMappingModal, type MappingChoice } from './ImportMappingModal';
import { ImportReportModal } from './ImportReportModal';

/**
 * 导入: main's open dialog, then the mapping dialog, then the per-row report.
 * Render `modals` once where the hook is used; `onDone` runs after an import
 * wrote something (to read lists again).
 */
export function useCredentialImport(onDone?: () => void): { start: (defaultClientId: string | null) => void; picking: boolean; modals: ReactNode } {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const importPick = useCredentialsStore((s) => s.importPick);
  const importRun = useCredentialsStore((s) => s.importRun);
  const clientOptions = useCredentialsStore((s) => s.clientOptions);
  const loadClientOptions = useCredentialsStore((s) => s.loadClientOptions);
  const [picking, setPicking] = useState(false);
  const [running, setRunning] = useState(false);
  const [preview, setPreview] = useState<CredentialImportPreview | null>(null);
  const [defaultClientId, setDefaultClientId] = useState<string | null>(null);
  const [report, setReport] = useState<CredentialImportRow[] | null>(null);

  async function start(clientId: string | null) {
    setPicking(true);
    const picked = await importPick();
    setPicking(false);
    if (!picked.ok) {
      void message.error(`${t('cred.import.failed')}${errorText(picked.error)}`);
      return;
    }
    if ('cancelled' in picked.data) return;
    void loadClientOptions();
    setDefaultClientId(clientId);
    setPreview(picked.data);
  }

  async function run(choice: MappingChoice) {
    if (!preview) return;
    setRunning(true);
    const done = await importRun({ token: preview.token, sheet: choice.sheet, mapping: choice.mapping, clientId: choice.clientId });
    setRunning(false);
    if (!done.ok) {
      void message.error(`${t('cred.import.failed')}${errorText(done.error)}`);
      return;
    }
    setPreview(null);
    setReport(done.data);
    if (done.data.some((r) => r.status === 'imported')) onDone?.();
  }

  const modals = (
    <>
      <ImportMappingModal
        preview={preview}
        clients={clientOptions}
        defaultClientId={defaultClientId}
        busy={running}
        onCancel={() => setPreview(null)}
        onRun={(choice) => void run(choice)}
      />
      <ImportReportModal rows={report} onClose={() => setReport(null)} />
    </>
  );
  return { start: (clientId) => void start(clientId), picking, modals };
}
