import { Alert, Button, Spin, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../bridge/useErrorText';
import { useAppInfo } from './app-info';
import { LockPolicyCard } from './LockPolicyCard';
import { LockSettingsCard } from './LockSettingsCard';
import { useLockSettingsStore } from './lock-settings-store';
import { ChangePasswordCard } from '../passwords/ChangePasswordCard';
import { PasswordPolicyCard } from '../passwords/PasswordPolicyCard';
import { RetentionPeriodsCard } from '../retention/RetentionPeriodsCard';
import { useVaultStore } from '../stores/vault-store';
import './settings.css';

/** 设置: the staff member's lock settings, and for the owner the policy that floors everyone's. */
export function SettingsPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { view, loading, error, load } = useLockSettingsStore();
  const info = useAppInfo();
  const staffName = useVaultStore((s) => s.status?.staff?.name ?? '');

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="settings-page" data-testid="settings-page">
      <Typography.Title level={4} className="settings-title">
        {t('settings.title')}
      </Typography.Title>
      {error && (
        <Alert
          type="error"
          showIcon
          title={t('settings.loadFailed')}
          description={errorText(error)}
          action={<Button onClick={() => void load()}>{t('app.retry')}</Button>}
          data-code={error.code}
        />
      )}
      {!view && loading && <Spin style={{ display: 'block', margin: '48px auto' }} />}
      {view && (
        <>
          <LockSettingsCard view={view} platform={info?.platform} />
          {view.canEditPolicy && <LockPolicyCard policy={view.policy} />}
          <ChangePasswordCard staffName={staffName} />
          {view.canEditPolicy && <PasswordPolicyCard />}
          <RetentionPeriodsCard canEdit={view.canEditPolicy} />
        </>
      )}
    </div>
  );
}
