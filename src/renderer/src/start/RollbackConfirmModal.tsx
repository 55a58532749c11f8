import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorData } from '../../../shared/errors';
import { useErrorText } from '../bridge/useErrorText';
import { useVaultStore } from '../stores/vault-store';
import { UnlockProgressBar } from './UnlockProgressBar';

interface Props {
  staffName: string;
  onCancel: () => void;
  /** Main refused the confirmation as ROLLED_BACK again: this person is not an owner or admin. */
  onRefused: () => void;
}

/**
 * The deliberate second step after ROLLED_BACK: the person types the password again (it was not kept)
 * and the unlock is retried with acceptRollback. On success the main screen replaces the start page.
 */
export function RollbackConfirmModal({ staffName, onCancel, onRefused }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const unlock = useVaultStore((s) => s.unlock);
  const [form] = Form.useForm<{ password: string }>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ErrorData | null>(null);

  async function confirm() {
    const { password } = await form.validateFields();
    form.resetFields();
    setSubmitting(true);
    setError(null);
    const failure = await unlock(staffName, password, { acceptRollback: true });
    if (!failure) return;
    setSubmitting(false);
    if (failure.code === 'ROLLED_BACK') onRefused();
    else setError(failure);
  }

  return (
    <Modal
      open
      title={t('unlock.rollback.modalTitle')}
      onCancel={onCancel}
      onOk={() => void confirm().catch(() => undefined)}
      okText={t('unlock.rollback.confirm')}
      okButtonProps={{ danger: true, loading: submitting }}
      cancelText={t('unlock.rollback.cancel')}
      cancelButtonProps={{ disabled: submitting }}
      closable={!submitting}
      maskClosable={false}
      destroyOnHidden
      data-testid="rollback-confirm-modal"
    >
      <Typography.Paragraph>{t('unlock.rollback.modalBody')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" data-code={error.code} title={errorText(error)} style={{ marginBottom: 16 }} />}
      {/* Named, so its field ids do not collide with the unlock form's password behind it. */}
      <Form form={form} name="rollback-confirm" layout="vertical" requiredMark={false} disabled={submitting} onFinish={() => void confirm().catch(() => undefined)}>
        <Form.Item name="password" label={t('unlock.rollback.password')} rules={[{ required: true, message: t('unlock.rollback.passwordRequired') }]}>
          <Input.Password autoFocus autoComplete="current-password" maxLength={1024} />
        </Form.Item>
      </Form>
      <UnlockProgressBar />
    </Modal>
  );
}
