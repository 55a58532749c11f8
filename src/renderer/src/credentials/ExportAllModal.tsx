import { Alert, App as AntApp, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../bridge/useErrorText';
import { useCredentialsStore } from '../stores/credentials-store';

/** The shortest passphrase main accepts for the export (as for passphrase backups). */
export const EXPORT_PASSPHRASE_MIN = 12;

interface Values {
  reason: string;
  passphrase: string;
  confirm: string;
}

/** 导出全部账号密码 (the owner): a reason and a passphrase typed twice; main asks where to save the age file. */
export function ExportAllModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const exportAll = useCredentialsStore((s) => s.exportAll);
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  async function run(values: Values) {
    setBusy(true);
    const saved = await exportAll(values.reason.trim(), values.passphrase);
    setBusy(false);
    if (!saved.ok) {
      void message.error(`${t('cred.exportAll.failed')}${errorText(saved.error)}`);
      return;
    }
    if (saved.data.cancelled) {
      void message.info(t('cred.exportAll.cancelled'));
      return;
    }
    void message.success({ content: t('cred.exportAll.saved', { path: saved.data.path }), duration: 8 });
    onClose();
  }

  return (
    <Modal
      open={open}
      title={t('cred.exportAll.title')}
      okText={t('cred.exportAll.submit')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
      data-testid="cred-export-all-modal"
    >
      <Typography.Paragraph>{t('cred.exportAll.intro')}</Typography.Paragraph>
      <Alert type="warning" showIcon title={t('cred.exportAll.warning')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => void run(v)} disabled={busy}>
        <Form.Item name="reason" label={t('cred.exportAll.reason')} rules={[{ required: true, whitespace: true, message: t('cred.exportAll.reasonRequired') }]}>
          <Input.TextArea rows={2} maxLength={500} showCount autoFocus />
        </Form.Item>
        <Form.Item
          name="passphrase"
          label={t('cred.exportAll.passphrase')}
          rules={[
            { required: true, message: t('cred.exportAll.passphraseTooShort') },
            { min: EXPORT_PASSPHRASE_MIN, message: t('cred.exportAll.passphraseTooShort') },
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={1024} />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('cred.exportAll.passphraseConfirm')}
          dependencies={['passphrase']}
          rules={[
            { required: true, message: t('cred.exportAll.passphraseMismatch') },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                value === getFieldValue('passphrase') ? Promise.resolve() : Promise.reject(new Error(t('cred.exportAll.passphraseMismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={1024} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
