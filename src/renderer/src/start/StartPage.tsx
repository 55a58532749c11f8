import { Card, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { VaultStatus } from '../../../shared/domain';
import { LanguageSwitch } from '../shell/LanguageSwitch';
import { useVaultStore } from '../stores/vault-store';
import { CreateVaultForm } from './CreateVaultForm';
import { LockReasonNotice } from './LockReasonNotice';
import { RecoveryKeyPanel } from './RecoveryKeyPanel';
import { restoreRoute } from './resume-point';
import { UnlockForm } from './UnlockForm';
import { ForcedPasswordChange } from '../passwords/ForcedPasswordChange';
import { VaultLocation } from './VaultLocation';

/** 保险库: create, show the recovery key once, or unlock. */
export function StartPage({ status, recoveryKey }: { status: VaultStatus; recoveryKey: string | null }) {
  const { t } = useTranslation();

  // Synchronously as the status turns unlocked, before the main screen first renders: no flash of the list, no extra fetch.
  useEffect(
    () =>
      useVaultStore.subscribe((state, previous) => {
        const staff = state.status?.state === 'unlocked' ? state.status.staff : null;
        if (staff && previous.status?.state !== 'unlocked') restoreRoute(staff.id);
      }),
    [],
  );

  return (
    <div className="start-page" data-testid="start-page" data-state={status.state}>
      <div className="start-language">
        <LanguageSwitch />
      </div>
      <div className="start-brand">
        <div className="brand-mark">{t('app.mark')}</div>
        <div>
          <Typography.Title level={2} style={{ margin: 0 }}>
            {t('app.name')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
        </div>
      </div>
      <Card className="start-card">
        <StartPanel status={status} recoveryKey={recoveryKey} />
      </Card>
      <VaultLocation path={status.vaultPath} />
    </div>
  );
}

function StartPanel({ status, recoveryKey }: { status: VaultStatus; recoveryKey: string | null }) {
  if (recoveryKey) return <RecoveryKeyPanel recoveryKey={recoveryKey} />;
  if (status.state === 'unlocked' && status.mustChangePassword) return <ForcedPasswordChange staffName={status.staff?.name ?? ''} />;
  switch (status.state) {
    case 'none':
      return <CreateVaultForm />;
    case 'locked':
    case 'unlocked':
      // 'unlocked' only reaches here while a recovery key is pending.
      return (
        <>
          {status.state === 'locked' && status.lastLockReason && <LockReasonNotice reason={status.lastLockReason} />}
          <UnlockForm />
        </>
      );
    default: {
      const unreachable: never = status.state;
      return unreachable;
    }
  }
}
