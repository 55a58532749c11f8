import { FileSearchOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { App as AntApp, Alert, Button, Form, Input, Modal, Space, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupVerified } from '../../../shared/domain';
import type { ErrorData } from '../../../shared/errors';
import { formatSize, stamp } from '../documents/format';
import { useBackupStore } from './backup-store';
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
  const pickBackupFile = useBackupStore((s) => s.pickFile);
  const verifyBackup = useBackupStore((s) => s.verify);
  const restoreBackup = useBackupStore((s) => s.restore);
  const [form] = Form.useForm<{ recoveryKey: string }>();
  const [file, setFile] = useState<RestoreSource | null>(initial);
  const [verified, setVerified] = useState<BackupVerified | null>(null);
  const [error, setError] = useState<ErrorData | null>(null);
  const [working, setWorking] = useState<'verifying' | 'restoring' | null>(null);

  async function pickFile() {
    setError(null);
    const picked = await pickBackupFile();
    if (!picked.ok) {
      setError(picked.error);
      return;
    }
    if (picked.data.cancelled) return;
    setFile({ path: picked.data.path, name: picked.data.name, size: picked.data.size });
    setVerified(null);
  }

  async function verify() {
    if (!file) return;
    const { recoveryKey } = await form.validateFields();
    setWorking('verifying');
    setError(null);
    setVerified(null);
    const checked = await verifyBackup(file.path, recoveryKey);
    if (checked.ok) setVerified(checked.data);
    else setError(checked.error);
    setWorking(null);
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
    // On success the store clears every view and the sign-in screen shows.
    const restored = await restoreBackup(checked.path, form.getFieldValue('recoveryKey') as string);
    if (!restored.ok) {
      setError(restored.error);
      setWorking(null);
      return;
    }
    form.resetFields();
    void message.success({ content: t('backup.restore.done', { previous: restored.data.previous ?? '' }), duration: 10 });
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
