import { Alert, AutoComplete, Button, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorData } from '../../../shared/errors';
import { useErrorText } from '../bridge/useErrorText';
import { ForgotPasswordHelp } from '../passwords/ForgotPasswordHelp';
import { recentStaffNames } from '../passwords/password-store';
import { useVaultStore } from '../stores/vault-store';
import { RollbackAlarm } from './RollbackAlarm';
import { RollbackConfirmModal } from './RollbackConfirmModal';
import { staffNameRules } from './staff-name-rules';
import { UnlockProgressBar } from './UnlockProgressBar';
import { useCountdown } from './useCountdown';

interface Values {
  staffName: string;
  password: string;
}

/** After ROLLED_BACK: who was refused (the name only; the password is asked again), and whether main refused their confirmation too. */
interface Rollback {
  staffName: string;
  confirming: boolean;
  confirmRefused: boolean;
}

export function UnlockForm() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const unlock = useVaultStore((s) => s.unlock);
  const [form] = Form.useForm<Values>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ErrorData | null>(null);
  const [rollback, setRollback] = useState<Rollback | null>(null);
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const secondsLeft = useCountdown(retryAt);
  const [names, setNames] = useState<string[]>([]);

  // Who unlocked here before (this PC's own record, not the vault's): the last one is filled in.
  useEffect(() => {
    let live = true;
    void recentStaffNames().then((recent) => {
      if (!live) return;
      setNames(recent.names);
      if (recent.last && !form.getFieldValue('staffName')) {
        form.setFieldValue('staffName', recent.last);
        (form.getFieldInstance('password') as HTMLInputElement | null)?.focus();
      }
    });
    return () => {
      live = false;
    };
  }, [form]);

  async function onFinish(values: Values) {
    setSubmitting(true);
    setError(null);
    setRollback(null);
    const staffName = values.staffName.trim();
    const failure = await unlock(staffName, values.password);
    // Unlocked: this form is about to be replaced by the main screen.
    if (!failure) return;
    setError(failure);
    if (failure.code === 'ROLLED_BACK') setRollback({ staffName, confirming: false, confirmRefused: false });
    const seconds = Number(failure.detail?.seconds);
    setRetryAt(failure.code === 'LOCKED_OUT' && seconds > 0 ? Date.now() + seconds * 1000 : null);
    form.setFieldValue('password', '');
    setSubmitting(false);
  }

  const lockedOut = error?.code === 'LOCKED_OUT' && secondsLeft > 0;
  // The wait is over: say so, rather than "try again in 0 seconds".
  const retryReady = error?.code === 'LOCKED_OUT' && retryAt !== null && secondsLeft === 0;
  const shown = error && (error.code === 'LOCKED_OUT' && retryAt !== null ? (retryReady ? t('lock.retryReadyHint') : errorText(error, { seconds: secondsLeft })) : errorText(error));

  return (
    <>
      <Form form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={submitting} data-testid="unlock-form">
        <Typography.Title level={4}>{t('unlock.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('unlock.intro')}</Typography.Paragraph>
        {rollback ? (
          <RollbackAlarm confirmRefused={rollback.confirmRefused} onConfirm={() => setRollback({ ...rollback, confirming: true })} />
        ) : (
          shown && <UnlockError error={error} text={shown} retryReady={retryReady} />
        )}
        <Form.Item name="staffName" label={t('unlock.staffName')} rules={staffNameRules(t, 'unlock.staffNameRequired')}>
          <AutoComplete options={names.map((value) => ({ value }))} filterOption={(input, option) => (option?.value ?? '').includes(input.trim())} placeholder={t('password.picker.placeholder')} data-testid="staff-picker">
            <Input autoFocus autoComplete="username" maxLength={64} />
          </AutoComplete>
        </Form.Item>
        <Form.Item name="password" label={t('unlock.password')} rules={[{ required: true, message: t('unlock.passwordRequired') }]} extra={<ForgotPasswordHelp />}>
          <Input.Password autoComplete="current-password" maxLength={1024} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting} disabled={lockedOut}>
          {submitting ? t('unlock.submitting') : t('unlock.submit')}
        </Button>
        {submitting && <UnlockProgressBar />}
      </Form>
      {rollback?.confirming && (
        <RollbackConfirmModal
          staffName={rollback.staffName}
          onCancel={() => setRollback({ ...rollback, confirming: false })}
          onRefused={() => setRollback({ ...rollback, confirming: false, confirmRefused: true })}
        />
      )}
    </>
  );
}

/** Any other refusal; an upgrade the owner has not run yet is not a failure of this person's, so it is said plainly. */
function UnlockError({ error, text, retryReady }: { error: ErrorData; text: string; retryReady: boolean }) {
  const { t } = useTranslation();
  const upgrade = error.code === 'UPGRADE_REQUIRED';
  return (
    <Alert
      type={retryReady ? 'info' : upgrade ? 'warning' : 'error'}
      showIcon
      title={retryReady ? t('lock.retryReady') : upgrade ? t('unlock.upgradeRequired') : t('unlock.failed')}
      description={text}
      style={{ marginBottom: 16 }}
      role="alert"
      data-code={error.code}
      data-retry-ready={retryReady}
    />
  );
}
