import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorData } from '../../../shared/errors';
import { useErrorText } from '../bridge/useErrorText';
import { useVaultStore } from '../stores/vault-store';
import { MIN_PASSWORD_LENGTH } from './password-strength';
import { PasswordStrengthHint } from './PasswordStrengthHint';
import { staffNameRules } from './staff-name-rules';

interface Values {
  staffName: string;
  password: string;
  confirm: string;
}

export function CreateVaultForm() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const create = useVaultStore((s) => s.create);
  const [form] = Form.useForm<Values>();
  const password = Form.useWatch('password', form) ?? '';
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ErrorData | null>(null);

  async function onFinish(values: Values) {
    setSubmitting(true);
    setError(null);
    const failure = await create(values.staffName.trim(), values.password);
    if (!failure) return;
    setError(failure);
    setSubmitting(false);
  }

  return (
    <Form form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={submitting} data-testid="create-vault-form">
      <Typography.Title level={4}>{t('create.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('create.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} role="alert" />}
      <Form.Item name="staffName" label={t('create.staffName')} rules={staffNameRules(t, 'create.staffNameRequired')}>
        <Input autoFocus autoComplete="username" placeholder={t('create.staffNamePlaceholder')} maxLength={64} />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('create.password')}
        rules={[
          { required: true, message: t('create.passwordRequired') },
          { min: MIN_PASSWORD_LENGTH, message: t('create.passwordTooShort') },
        ]}
        extra={<PasswordStrengthHint password={password} />}
      >
        <Input.Password autoComplete="new-password" maxLength={1024} />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('create.confirm')}
        dependencies={['password']}
        rules={[
          { required: true, message: t('create.confirmRequired') },
          ({ getFieldValue }) => ({
            validator: async (_rule, value: string | undefined) => {
              if (value && value !== getFieldValue('password')) throw new Error(t('create.confirmMismatch'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={1024} />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={submitting}>
        {submitting ? t('create.submitting') : t('create.submit')}
      </Button>
    </Form>
  );
}
