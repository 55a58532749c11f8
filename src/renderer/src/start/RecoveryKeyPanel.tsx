import { CopyOutlined, PrinterOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClipboardCopy } from '../clipboard/useClipboardCopy';
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
        <Button icon={<CopyOutlined />} onClick={() => void copy(recoveryKey)} loading={copying}>
          {t('recovery.copy')}
        </Button>
      </Space>
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
