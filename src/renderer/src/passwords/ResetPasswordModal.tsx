import { Alert, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PasswordReset, StaffInfo } from '../../../shared/access';
import type { ErrorData } from '../../../shared/errors';
import { useErrorText } from '../bridge/useErrorText';
import { CopyButton } from '../clipboard/CopyButton';
import { usePasswordStore } from './password-store';

/**
 * 重置密码: asks first, then shows the temporary password once (to hand
 * over in person). Closing forgets it; nothing keeps it.
 */
export function ResetPasswordModal({ person, onClose }: { person: StaffInfo; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const resetStaff = usePasswordStore((s) => s.resetStaff);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorData | null>(null);
  const [done, setDone] = useState<PasswordReset | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    const reset = await resetStaff(person.id);
    setBusy(false);
    if (reset.ok) setDone(reset.data);
    else setError(reset.error);
  }

  if (done) {
    const expires = new Date(done.expiresAt).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'zh-CN');
    return (
      <Modal
        open
        title={t('password.reset.doneTitle', { name: done.name })}
        okText={t('password.reset.close')}
        onOk={onClose}
        cancelButtonProps={{ style: { display: 'none' } }}
        closable={false}
        maskClosable={false}
        data-testid="reset-password-done"
      >
        <Typography.Paragraph>{t('password.reset.doneBody', { name: done.name, expires })}</Typography.Paragraph>
        <Typography.Paragraph>
          <Typography.Text code copyable={false} style={{ fontSize: 18 }} data-testid="temporary-password">
            {done.temporaryPassword}
          </Typography.Text>{' '}
          <CopyButton text={done.temporaryPassword} testId="temporary-password-copy" />
        </Typography.Paragraph>
      </Modal>
    );
  }

  return (
    <Modal
      open
      title={t('password.reset.confirmTitle', { name: person.name })}
      okText={t('password.reset.confirm')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      onOk={() => void confirm()}
      onCancel={onClose}
      confirmLoading={busy}
      data-testid="reset-password-confirm"
    >
      <Typography.Paragraph>{t('password.reset.confirmBody', { name: person.name })}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={errorText(error)} role="alert" data-code={error.code} />}
    </Modal>
  );
}
