import { DeleteOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Form, Input, Modal, Popconfirm } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CredentialSummary } from '../../../shared/credentials';
import { useErrorText } from '../bridge/useErrorText';
import { formatSize } from '../documents/format';
import { useCredentialsStore } from '../stores/credentials-store';

interface Props {
  credential: CredentialSummary;
  mayUse: boolean;
  mayEdit: boolean;
}

/** The certificate file of a credential: 上传证书文件 (main's open dialog), 导出证书 (with a reason), 删除证书. */
export function CertificateRow({ credential, mayUse, mayEdit }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const attachCertificate = useCredentialsStore((s) => s.attachCertificate);
  const removeCertificate = useCredentialsStore((s) => s.removeCertificate);
  const exportCertificate = useCredentialsStore((s) => s.exportCertificate);
  const [busy, setBusy] = useState<'upload' | 'remove' | 'export' | null>(null);
  const [asking, setAsking] = useState(false);
  const file = credential.certificate;

  async function upload() {
    setBusy('upload');
    const attached = await attachCertificate(credential.id);
    setBusy(null);
    if (!attached.ok) void message.error(errorText(attached.error));
    else if (!('cancelled' in attached.data)) void message.success(t('cred.certificate.uploaded', { name: attached.data.certificate?.name ?? '' }));
  }

  async function remove() {
    setBusy('remove');
    const removed = await removeCertificate(credential.id);
    setBusy(null);
    if (removed.ok) void message.success(t('cred.certificate.removed'));
    else void message.error(errorText(removed.error));
  }

  async function exportWith(reason: string) {
    setBusy('export');
    const saved = await exportCertificate(credential.id, reason);
    setBusy(null);
    setAsking(false);
    if (!saved.ok) void message.error(errorText(saved.error));
    else if (saved.data.cancelled) void message.info(t('cred.certificate.cancelled'));
    else void message.success({ content: t('cred.certificate.exported', { path: saved.data.path }), duration: 8 });
  }

  return (
    <span className="reveal-field cred-certificate" data-testid="cred-certificate">
      {file ? (
        <span data-testid="cred-certificate-name">
          {file.name} <span className="cell-none">({formatSize(file.size)})</span>
        </span>
      ) : (
        <span className="cell-none">{t('cred.certificate.none')}</span>
      )}
      {mayEdit && (
        <Button type="link" size="small" icon={<UploadOutlined />} loading={busy === 'upload'} onClick={() => void upload()} data-testid="cred-certificate-upload">
          {file ? t('cred.certificate.replace') : t('cred.certificate.upload')}
        </Button>
      )}
      {file && mayUse && (
        <Button type="link" size="small" icon={<DownloadOutlined />} onClick={() => setAsking(true)} data-testid="cred-certificate-export">
          {t('cred.certificate.export')}
        </Button>
      )}
      {file && mayEdit && (
        <Popconfirm
          title={t('cred.certificate.removeConfirm', { name: file.name })}
          okText={t('cred.certificate.remove')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onConfirm={() => remove()}
        >
          <Button type="link" size="small" danger icon={<DeleteOutlined />} loading={busy === 'remove'} data-testid="cred-certificate-remove">
            {t('cred.certificate.remove')}
          </Button>
        </Popconfirm>
      )}
      <CertificateExportModal name={asking ? (file?.name ?? '') : null} busy={busy === 'export'} onCancel={() => setAsking(false)} onSubmit={(reason) => void exportWith(reason)} />
    </span>
  );
}

/** 导出证书 always asks why (main refuses without a reason and records it). */
function CertificateExportModal({ name, busy, onCancel, onSubmit }: { name: string | null; busy: boolean; onCancel: () => void; onSubmit: (reason: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open={name !== null}
      title={t('cred.certificate.reasonTitle')}
      okText={t('cred.certificate.continue')}
      cancelText={t('common.cancel')}
      onCancel={onCancel}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
      data-testid="cred-export-reason-modal"
    >
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('cred.certificate.reasonIntro', { name: name ?? '' })} description={t('cred.certificate.reasonAudit')} />
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => onSubmit(v.reason.trim())}>
        <Form.Item name="reason" label={t('cred.certificate.reason')} rules={[{ required: true, whitespace: true, message: t('cred.certificate.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={500} showCount autoFocus placeholder={t('cred.certificate.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
