import { App as AntApp, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../bridge/useErrorText';
import { useClientListStore } from '../stores/client-list-store';

/** 导出客户清单 (owners and admins): a reason, then main asks where to save the .xlsx and records the export. */
export function ClientExportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const exportList = useClientListStore((s) => s.exportList);
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);

  async function run({ reason }: { reason: string }) {
    setBusy(true);
    const saved = await exportList(reason.trim());
    setBusy(false);
    if (!saved.ok) {
      void message.error(`${t('clientExport.failed')}${errorText(saved.error)}`);
      return;
    }
    if (saved.data.cancelled) {
      void message.info(t('clientExport.cancelled'));
      return;
    }
    void message.success({ content: t('clientExport.saved', { path: saved.data.path }), duration: 8 });
    onClose();
  }

  return (
    <Modal
      open={open}
      title={t('clientExport.title')}
      okText={t('clientExport.submit')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
      data-testid="client-export-modal"
    >
      <Typography.Paragraph>{t('clientExport.intro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => void run(v)} disabled={busy}>
        <Form.Item name="reason" label={t('clientExport.reason')} rules={[{ required: true, whitespace: true, message: t('clientExport.reasonRequired') }]}>
          <Input.TextArea rows={2} maxLength={500} showCount autoFocus data-testid="client-export-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
