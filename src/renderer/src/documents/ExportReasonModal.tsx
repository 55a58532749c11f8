import { Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Label } from '../../../shared/domain';

interface Props {
  /** The document waiting for a reason; null keeps the modal closed. */
  document: { name: string } | null;
  label: Label | null;
  busy: boolean;
  /** What the warning says instead of naming one document (a batch: how many). */
  intro?: string;
  onCancel: () => void;
  onSubmit: (reason: string) => void;
}

/** 导出原因: required before a confidential or secret client's document leaves the vault. */
export function ExportReasonModal({ document, label, busy, intro, onCancel, onSubmit }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open={document !== null}
      title={t('exporter.reasonTitle')}
      okText={t('exporter.continue')}
      cancelText={t('common.cancel')}
      onCancel={onCancel}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
      data-testid="export-reason-modal"
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={intro ?? t('exporter.reasonIntro', { name: document?.name ?? '', label: label ? t(`labels.${label}`) : t('exporter.sensitive') })}
        description={t('exporter.reasonAudit')}
      />
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => onSubmit(v.reason.trim())}>
        <Form.Item
          name="reason"
          label={t('exporter.reason')}
          rules={[{ required: true, whitespace: true, message: t('exporter.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount autoFocus placeholder={t('exporter.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
