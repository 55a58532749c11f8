import { Button, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** 忘记密码？ on the unlock screen: whom to ask, in plain words (nothing is looked up or sent). */
export function ForgotPasswordHelp() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type="link" size="small" onClick={() => setOpen(true)} style={{ padding: 0 }} data-testid="forgot-password">
        {t('password.forgot.link')}
      </Button>
      <Modal
        open={open}
        title={t('password.forgot.title')}
        onCancel={() => setOpen(false)}
        footer={
          <Button type="primary" onClick={() => setOpen(false)}>
            {t('password.forgot.ok')}
          </Button>
        }
        data-testid="forgot-password-help"
      >
        <Typography.Paragraph>{t('password.forgot.staff')}</Typography.Paragraph>
        <Typography.Paragraph>{t('password.forgot.admin')}</Typography.Paragraph>
        <Typography.Paragraph>{t('password.forgot.owner')}</Typography.Paragraph>
      </Modal>
    </>
  );
}
