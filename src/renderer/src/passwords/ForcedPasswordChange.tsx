import { Alert, Button, Form, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorData } from '../../../shared/errors';
import { useErrorText } from '../bridge/useErrorText';
import { useVaultStore } from '../stores/vault-store';
import { NewPasswordFields } from './NewPasswordFields';
import { usePasswordStore } from './password-store';

interface Values {
  next: string;
  confirm: string;
}

/**
 * Right after unlocking with a reset's temporary password: the only thing
 * reachable is setting one's own (main refuses every other call until then).
 */
export function ForcedPasswordChange({ staffName }: { staffName: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { policy, loadPolicy, change } = usePasswordStore();
  const lock = useVaultStore((s) => s.lock);
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorData | null>(null);

  useEffect(() => {
    void loadPolicy();
  }, [loadPolicy]);

  async function submit(values: Values) {
    setBusy(true);
    setError(null);
    const failure = await change(null, values.next);
    // Done: the status no longer asks for it, and the main screen replaces this form.
    if (!failure) return;
    setError(failure);
    setBusy(false);
  }

  return (
    <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)} disabled={busy} data-testid="forced-password-form">
      <Typography.Title level={4}>{t('password.forced.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('password.forced.intro', { name: staffName })}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} role="alert" data-code={error.code} />}
      <NewPasswordFields policy={policy} name={staffName} />
      <Button type="primary" htmlType="submit" block loading={busy} data-testid="forced-password-submit">
        {t('password.forced.submit')}
      </Button>
      <Button type="link" block onClick={() => void lock()} style={{ marginTop: 8 }}>
        {t('password.forced.lock')}
      </Button>
    </Form>
  );
}
