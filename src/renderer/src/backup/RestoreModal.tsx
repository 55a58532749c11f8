import { FileSearchOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { App as AntApp, Alert, Button, Form, Input, Modal, Space, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useReducer, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorData } from '../../../shared/errors';
import { formatSize } from '../documents/format';
import { formatDateTime } from '../format/dates';
import { useBackupStore } from './backup-store';
import { acceptsUnsigned, mayRestore, needsAcceptance, NOTHING_CHECKED, restoreCheck, type RestoreCheck } from './restore-signature';
import { RestoreAcceptance, SignatureVerdict } from './SignatureVerdict';
import { useBackupErrorText } from './useBackupErrorText';

export interface RestoreSource {
  path: string;
  name: string;
  size: number;
}

/** Shown as dots, like a password field (a textarea has no type=password); never autocompleted or spell-checked. */
const MASKED = { WebkitTextSecurity: 'disc' } as CSSProperties;

/**
 * 从备份恢复 (owner only): a backup file and the recovery key → verify → who
 * signed it → restore; a backup not signed by this vault is restored only
 * once the owner ticks that they checked where it came from. The key lives
 * only in this form and is dropped when it closes.
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
  const readKeyFile = useBackupStore((s) => s.readKeyFile);
  const [form] = Form.useForm<{ recoveryKey: string }>();
  const [file, setFile] = useState<RestoreSource | null>(initial);
  const [check, dispatch] = useReducer(restoreCheck, NOTHING_CHECKED);
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
    dispatch({ type: 'reset' });
  }

  async function keyFromFile() {
    setError(null);
    const read = await readKeyFile();
    if (!read.ok) {
      setError(read.error);
      return;
    }
    if (read.data.cancelled) return;
    form.setFieldValue('recoveryKey', read.data.recoveryKey);
    dispatch({ type: 'reset' });
    void form.validateFields(['recoveryKey']);
    void message.success(t('firstRun.restore.read'));
  }

  async function verify() {
    if (!file) return;
    const { recoveryKey } = await form.validateFields();
    setWorking('verifying');
    setError(null);
    dispatch({ type: 'reset' });
    const checked = await verifyBackup(file.path, recoveryKey);
    if (checked.ok) dispatch({ type: 'verified', verified: checked.data });
    else {
      setError(checked.error);
      dispatch({ type: 'failed', error: checked.error });
    }
    setWorking(null);
  }

  function confirmRestore(source: RestoreSource, decided: RestoreCheck) {
    const accepted = acceptsUnsigned(decided);
    modal.confirm({
      title: t('backup.restore.confirmTitle'),
      content: (
        <>
          <Typography.Paragraph>
            {decided.verified ? t('backup.restore.confirmBody', { time: formatDateTime(decided.verified.createdAt) }) : t('backup.restore.confirmBodyUnverified')}
          </Typography.Paragraph>
          {accepted && (
            <Typography.Paragraph type="danger" data-testid="restore-confirm-unsigned">
              {t('backup.restore.confirmUnsigned')}
            </Typography.Paragraph>
          )}
        </>
      ),
      okText: t('backup.restore.confirmOk'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => void restore(source, accepted),
    });
  }

  async function restore(source: RestoreSource, acceptUnsigned: boolean) {
    setWorking('restoring');
    setError(null);
    // On success the store clears every view and the sign-in screen shows.
    const restored = await restoreBackup(source.path, form.getFieldValue('recoveryKey') as string, acceptUnsigned);
    if (!restored.ok) {
      setError(restored.error);
      // Refused as not this vault's: the verdict it gave is shown, and acceptance asked for it.
      dispatch({ type: 'failed', error: restored.error });
      setWorking(null);
      return;
    }
    form.resetFields();
    void message.success({ content: t('backup.restore.done', { previous: restored.data.previous ?? '' }), duration: 10 });
  }

  const canRestore = file !== null && mayRestore(check, working !== null);
  const seen = check.seen;
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
          <Button type="primary" danger disabled={!canRestore} loading={working === 'restoring'} onClick={() => file && confirmRestore(file, check)}>
            {t('backup.restore.restore')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('backup.restore.intro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false} disabled={working !== null} onValuesChange={() => dispatch({ type: 'reset' })}>
        <Form.Item label={t('backup.restore.file')} required>
          <Space.Compact style={{ width: '100%' }}>
            <Input readOnly value={file ? `${file.name}（${formatSize(file.size)}）` : ''} placeholder={t('backup.restore.fileRequired')} aria-label={t('backup.restore.file')} />
            <Button icon={<FileSearchOutlined />} onClick={() => void pickFile()}>
              {t('backup.restore.chooseFile')}
            </Button>
          </Space.Compact>
        </Form.Item>
        <Form.Item
          name="recoveryKey"
          label={t('backup.restore.key')}
          extra={`${t('backup.restore.keyHelp')} ${t('firstRun.restore.fromFileHelp')}`}
          rules={[{ required: true, whitespace: true, message: t('backup.restore.keyRequired') }]}
        >
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
        <Button icon={<FileSearchOutlined />} onClick={() => void keyFromFile()} style={{ marginTop: -8, marginBottom: 8 }} data-testid="recovery-key-from-file">
          {t('firstRun.restore.fromFile')}
        </Button>
      </Form>
      {working === 'verifying' && <Typography.Text type="secondary">{t('backup.restore.verifying')}</Typography.Text>}
      {working === 'restoring' && <Typography.Text type="secondary">{t('backup.restore.restoring')}</Typography.Text>}
      {seen && <SignatureVerdict seen={seen} verified={check.verified} />}
      {check.verified?.sameVault === false ? (
        <Alert type="warning" showIcon data-testid="restore-other-vault" title={t('backup.restore.otherVault')} style={{ marginTop: 12 }} />
      ) : (
        seen &&
        needsAcceptance(seen) && <RestoreAcceptance accepted={check.accepted} disabled={working !== null} onChange={(accepted) => dispatch({ type: 'accept', accepted })} />
      )}
      {error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="restore-error"
          data-code={error.code}
          title={t('backup.restore.failed')}
          description={backupErrorText(error)}
          style={{ marginTop: 12 }}
        />
      )}
    </Modal>
  );
}
