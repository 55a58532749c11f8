import { App as AntApp, Button, Card, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../bridge/useErrorText';
import { NewPasswordFields } from './NewPasswordFields';
import { usePasswordStore } from './password-store';

interface Values {
  current: string;
  next: string;
  confirm: string;
}

/** 我的密码 on the settings page: change one's own (the current one, the new one twice, the firm's policy). */
export function ChangePasswordCard({ staffName }: { staffName: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const loadPolicy = usePasswordStore((s) => s.loadPolicy);
  return (
    <Card title={t('password.change.cardTitle')} className="settings-card" data-testid="own-password-card">
      <Typography.Paragraph type="secondary">{t('password.change.cardHint')}</Typography.Paragraph>
      <Button
        onClick={() => {
          void loadPolicy();
          setOpen(true);
        }}
        data-testid="change-password-open"
      >
        {t('password.change.open')}
      </Button>
      {open && <ChangePasswordModal staffName={staffName} onClose={() => setOpen(false)} />}
    </Card>
  );
}

function ChangePasswordModal({ staffName, onClose }: { staffName: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const { policy, change } = usePasswordStore();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  async function submit(values: Values) {
    setBusy(true);
    const failure = await change(values.current, values.next);
    setBusy(false);
    if (failure) {
      form.setFieldValue('current', '');
      void message.error(errorText(failure));
      return;
    }
    void message.success(t('password.change.done'));
    onClose();
  }

  return (
    <Modal
      open
      title={t('password.change.title')}
      okText={t('password.change.submit')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
      data-testid="change-password-modal"
    >
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)}>
        <Form.Item name="current" label={t('password.change.current')} rules={[{ required: true, message: t('password.change.currentRequired') }]}>
          <Input.Password autoComplete="current-password" maxLength={1024} autoFocus data-testid="current-password" />
        </Form.Item>
        <NewPasswordFields policy={policy} name={staffName} />
      </Form>
    </Modal>
  );
}
