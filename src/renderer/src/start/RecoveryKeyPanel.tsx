import { CopyOutlined, FilePdfOutlined, PrinterOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { App as AntApp, Alert, Button, Checkbox, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorData } from '../../../shared/errors';
import { RECOVERY_TAIL_LENGTH } from '../../../shared/first-run';
import { useErrorText } from '../bridge/useErrorText';
import { useClipboardCopy } from '../clipboard/useClipboardCopy';
import { useFirstRunStore } from '../first-run/first-run-store';
import { useConfirmErrorText } from '../first-run/useConfirmErrorText';
import { useVaultStore } from '../stores/vault-store';

/**
 * Shows the recovery key the one time it exists in the renderer. Continuing
 * drops it from the store; nothing else keeps a copy.
 */
export function RecoveryKeyPanel({ recoveryKey }: { recoveryKey: string }) {
  const { t } = useTranslation();
  const acknowledge = useVaultStore((s) => s.acknowledgeRecoveryKey);
  const fingerprint = useVaultStore((s) => s.recoveryFingerprint);
  const [saved, setSaved] = useState(false);
  // Through main, which takes the key off the clipboard again after a while (the vault is open at this point).
  const { copy, busy: copying } = useClipboardCopy();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const saveSheet = useFirstRunStore((s) => s.saveSheet);
  const [savingSheet, setSavingSheet] = useState(false);

  async function savePdf() {
    setSavingSheet(true);
    const saved = await saveSheet(recoveryKey);
    setSavingSheet(false);
    if (!saved.ok) void message.error(errorText(saved.error));
    else if (!saved.data.cancelled) void message.success({ content: t('firstRun.panel.saved', { path: saved.data.path }), duration: 8 });
  }

  return (
    <div data-testid="recovery-key-panel">
      <Typography.Title level={4}>
        <SafetyCertificateOutlined /> {t('recovery.title')}
      </Typography.Title>
      <Alert type="warning" showIcon title={t('recovery.once')} description={t('recovery.instructions')} style={{ marginBottom: 16 }} />
      <div className="recovery-print">
        <div className="recovery-print-only">
          <h2>{t('recovery.printHeading')}</h2>
          <p>{t('recovery.printNote')}</p>
        </div>
        <Typography.Text type="secondary">{t('recovery.keyLabel')}</Typography.Text>
        <div className="recovery-key" data-testid="recovery-key">
          {recoveryKey}
        </div>
        {fingerprint && (
          <>
            <Typography.Text type="secondary">{t('recovery.fingerprintLabel')}</Typography.Text>
            <div className="recovery-fingerprint" data-testid="recovery-fingerprint">
              {fingerprint}
            </div>
            <Typography.Text type="secondary">{t('recovery.fingerprintNote')}</Typography.Text>
          </>
        )}
      </div>
      <Space style={{ margin: '12px 0 20px' }}>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('recovery.print')}
        </Button>
        <Button icon={<FilePdfOutlined />} onClick={() => void savePdf()} loading={savingSheet} data-testid="recovery-save-pdf">
          {t('firstRun.panel.savePdf')}
        </Button>
        <Button icon={<CopyOutlined />} onClick={() => void copy(recoveryKey)} loading={copying}>
          {t('recovery.copy')}
        </Button>
      </Space>
      <TailConfirm onConfirmed={() => setSaved(true)} />
      <div style={{ marginBottom: 16 }}>
        <Checkbox checked={saved} onChange={(e) => setSaved(e.target.checked)}>
          {t('recovery.confirm')}
        </Checkbox>
      </div>
      <Button type="primary" block disabled={!saved} onClick={acknowledge}>
        {t('recovery.continue')}
      </Button>
    </div>
  );
}

/** 输入最后 6 个字符: main checks them against the key it just made (first-run/recovery-tail.ts) and records who confirmed. */
function TailConfirm({ onConfirmed }: { onConfirmed: () => void }) {
  const { t } = useTranslation();
  const confirm = useFirstRunStore((s) => s.confirm);
  const confirmErrorText = useConfirmErrorText();
  const [tail, setTail] = useState('');
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<ErrorData | null>(null);
  const [done, setDone] = useState(false);

  async function submit() {
    setWorking(true);
    setError(null);
    const failure = await confirm(tail);
    setWorking(false);
    if (failure) {
      setError(failure);
      return;
    }
    setDone(true);
    onConfirmed();
  }

  if (done) {
    return <Alert type="success" showIcon data-testid="recovery-tail-done" title={t('firstRun.panel.tailDone', { count: RECOVERY_TAIL_LENGTH })} style={{ marginBottom: 16 }} />;
  }
  return (
    <div style={{ marginBottom: 16 }}>
      <Typography.Text type="secondary">{t('firstRun.panel.tailLabel', { count: RECOVERY_TAIL_LENGTH })}</Typography.Text>
      <Space.Compact style={{ width: '100%', marginTop: 4 }}>
        <Input
          value={tail}
          onChange={(e) => setTail(e.target.value)}
          onPressEnter={() => void submit()}
          maxLength={RECOVERY_TAIL_LENGTH + 4}
          className="mono"
          autoComplete="off"
          spellCheck={false}
          aria-label={t('firstRun.panel.tailLabel', { count: RECOVERY_TAIL_LENGTH })}
          data-testid="recovery-tail-input"
        />
        <Button onClick={() => void submit()} loading={working} disabled={tail.trim().length === 0}>
          {t('firstRun.panel.tailSubmit')}
        </Button>
      </Space.Compact>
      {error && <Alert type="error" showIcon role="alert" data-testid="recovery-tail-error" title={confirmErrorText(error)} style={{ marginTop: 8 }} />}
    </div>
  );
}
