import { FileSearchOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { App as AntApp, Alert, Button, Form, Input, Modal, Space, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupVerified } from '../../../shared/domain';
import type { ErrorData } from '../../../shared/errors';
import { asErrorData, call } from '../bridge/client';
import { formatSize, stamp } from '../documents/format';
import { resetAllStores } from '../stores/registry';
import { useVaultStore } from '../stores/vault-store';
import { useBackupErrorText } from './useBackupErrorText';

export interface RestoreSource {
  path: string;
  name: string;
  size: number;
}

/** Shown as dots, like a password field (a textarea has no type=password); never autocompleted or spell-checked. */
const MASKED = { WebkitTextSecurity: 'disc' } as CSSProperties;

/**
 * 从备份恢复 (owner only): a backup file and the recovery key → verify →
 * restore. The key lives only in this form and is dropped when it closes.
 */
export function RestoreModal({ open, initial, onClose }: { open: boolean; initial: RestoreSource | null; onClose: () => void }) {
  return <RestoreModalBody key={`${open}-${initial?.path ?? ''}`} open={open} initial={initial} onClose={onClose} />;
}

function RestoreModalBody({ open, initial, onClose }: { open: boolean; initial: RestoreSource | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { modal, message } = AntApp.useApp();
  const backupErrorText = useBackupErrorText();
  const [form] = Form.useForm<{ recoveryKey: string }>();
  const [file, setFile] = useState<RestoreSource | null>(initial);
  const [verified, setVerified] = useState<BackupVerified | null>(null);
  const [error, setError] = useState<ErrorData | null>(null);
  const [working, setWorking] = useState<'verifying' | 'restoring' | null>(null);

  async function pickFile() {
    setError(null);
    try {
      const picked = await call('backupPickFile', {});
      if (picked.cancelled) return;
      setFile({ path: picked.path, name: picked.name, size: picked.size });
      setVerified(null);
    } catch (err) {
      setError(asErrorData(err));
    }
  }

  async function verify() {
    if (!file) return;
    const { recoveryKey } = await form.validateFields();
    setWorking('verifying');
    setError(null);
    setVerified(null);
    try {
      setVerified(await call('backupVerify', { path: file.path, recoveryKey }));
    } catch (err) {
      setError(asErrorData(err));
    } finally {
      setWorking(null);
    }
  }

  function confirmRestore(checked: BackupVerified) {
    modal.confirm({
      title: t('backup.restore.confirmTitle'),
      content: t('backup.restore.confirmBody', { time: stamp(new Date(checked.createdAt)) }),
      okText: t('backup.restore.confirmOk'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => void restore(checked),
    });
  }

  async function restore(checked: BackupVerified) {
    setWorking('restoring');
    setError(null);
    try {
      const restored = await call('backupRestore', { path: checked.path, recoveryKey: form.getFieldValue('recoveryKey') as string });
      form.resetFields();
      // The vault is locked now: drop every client view and show the sign-in screen.
      resetAllStores();
      useVaultStore.setState({ status: restored.status, statusError: null });
      void message.success({ content: t('backup.restore.done', { previous: restored.previous ?? '' }), duration: 10 });
    } catch (err) {
      setError(asErrorData(err));
      setWorking(null);
    }
  }

  const canRestore = verified?.sameVault === true && working === null;
  return (
    <Modal
      open={open}
      title={t('backup.restore.title')}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={working === null}
      closable={working === null}
      width={620}
      footer={
        <Space>
          <Button onClick={onClose} disabled={working !== null}>
            {t('common.cancel')}
          </Button>
          <Button icon={<SafetyCertificateOutlined />} onClick={() => void verify()} disabled={!file || working !== null} loading={working === 'verifying'}>
            {t('backup.restore.verify')}
          </Button>
          <Button type="primary" danger disabled={!canRestore} loading={working === 'restoring'} onClick={() => verified && confirmRestore(verified)}>
            {t('backup.restore.restore')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('backup.restore.intro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false} disabled={working !== null} onValuesChange={() => setVerified(null)}>
        <Form.Item label={t('backup.restore.file')} required>
          <Space.Compact style={{ width: '100%' }}>
            <Input readOnly value={file ? `${file.name}（${formatSize(file.size)}）` : ''} placeholder={t('backup.restore.fileRequired')} aria-label={t('backup.restore.file')} />
            <Button icon={<FileSearchOutlined />} onClick={() => void pickFile()}>
              {t('backup.restore.chooseFile')}
            </Button>
          </Space.Compact>
        </Form.Item>
        <Form.Item name="recoveryKey" label={t('backup.restore.key')} extra={t('backup.restore.keyHelp')} rules={[{ required: true, whitespace: true, message: t('backup.restore.keyRequired') }]}>
          <Input.TextArea
            rows={2}
            className="mono"
            style={MASKED}
            placeholder={t('backup.restore.keyPlaceholder')}
            autoComplete="off"
            spellCheck={false}
            data-testid="recovery-key-input"
          />
        </Form.Item>
      </Form>
      {working === 'verifying' && <Typography.Text type="secondary">{t('backup.restore.verifying')}</Typography.Text>}
      {working === 'restoring' && <Typography.Text type="secondary">{t('backup.restore.restoring')}</Typography.Text>}
      {verified &&
        (verified.sameVault ? (
          <Alert
            type="success"
            showIcon
            data-testid="restore-verified"
            title={t('backup.restore.verified', { time: stamp(new Date(verified.createdAt)), count: verified.entries, size: formatSize(verified.bytes) })}
          />
        ) : (
          <Alert type="warning" showIcon data-testid="restore-verified" title={t('backup.restore.otherVault')} />
        ))}
      {error && <Alert type="error" showIcon role="alert" data-testid="restore-error" data-code={error.code} title={t('backup.restore.failed')} description={backupErrorText(error)} />}
    </Modal>
  );
}
