import { Alert, Button } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { UnlockNotice } from '../../../shared/domain';
import { useRouteStore } from '../stores/route-store';
import { useVaultStore } from '../stores/vault-store';

function noticeText(t: TFunction, notice: UnlockNotice): string {
  switch (notice) {
    case 'restored':
    case 'rollback-accepted':
    case 'anchor-forged':
      return t(`unlockNotice.${notice}`);
    default: {
      const unreachable: never = notice;
      return unreachable;
    }
  }
}

/**
 * What this unlock found (a restore, an accepted rollback, an altered record on this PC), and for owners and
 * admins the alerts nobody has acknowledged yet; the person's own confidentiality agreement running out, and for
 * owners and admins how many colleagues' need attention; each until the person closes it.
 */
export function UnlockNoticeAlert() {
  const { t } = useTranslation();
  const notice = useVaultStore((s) => s.status?.notice);
  const openAlerts = useVaultStore((s) => s.status?.openAlerts);
  const dismiss = useVaultStore((s) => s.dismissNotice);
  const dismissAlerts = useVaultStore((s) => s.dismissAlerts);
  const nda = useVaultStore((s) => s.status?.nda);
  const dismissNda = useVaultStore((s) => s.dismissNda);
  const navigate = useRouteStore((s) => s.navigate);
  return (
    <>
      {notice && (
        <Alert
          type="warning"
          showIcon
          closable={{ afterClose: dismiss, 'aria-label': t('unlockNotice.close') }}
          title={t('unlockNotice.title')}
          description={noticeText(t, notice)}
          style={{ marginBottom: 16 }}
          role="status"
          data-testid="unlock-notice"
          data-notice={notice}
        />
      )}
      {openAlerts ? (
        <Alert
          type="error"
          showIcon
          closable={{ afterClose: dismissAlerts, 'aria-label': t('unlockNotice.close') }}
          title={t('alerts.notice', { count: openAlerts })}
          action={
            <Button
              size="small"
              danger
              onClick={() => {
                dismissAlerts();
                navigate({ name: 'alerts' });
              }}
              data-testid="unlock-alerts-open"
            >
              {t('alerts.noticeOpen')}
            </Button>
          }
          style={{ marginBottom: 16 }}
          role="status"
          data-testid="unlock-alerts"
        />
      ) : null}
      {nda?.own && (
        <Alert
          type={nda.own.state === 'valid' ? 'warning' : 'error'}
          showIcon
          closable={{ afterClose: dismissNda, 'aria-label': t('unlockNotice.close') }}
          title={t('people.column')}
          description={t(`people.notice.own_${nda.own.state === 'valid' ? 'valid' : nda.own.state === 'grace' ? 'grace' : 'expired'}`, {
            expires: nda.own.expires ?? '',
            deadline: nda.own.deadline ?? '',
            days: nda.own.daysLeft ?? 0,
          })}
          style={{ marginBottom: 16 }}
          role="status"
          data-testid="unlock-nda-own"
          data-state={nda.own.state}
        />
      )}
      {nda?.attention ? (
        <Alert
          type="warning"
          showIcon
          closable={{ afterClose: dismissNda, 'aria-label': t('unlockNotice.close') }}
          title={t('people.notice.attention', { count: nda.attention })}
          action={
            <Button
              size="small"
              onClick={() => {
                dismissNda();
                navigate({ name: 'staff' });
              }}
              data-testid="unlock-nda-open"
            >
              {t('people.notice.openStaff')}
            </Button>
          }
          style={{ marginBottom: 16 }}
          role="status"
          data-testid="unlock-nda-attention"
        />
      ) : null}
    </>
  );
}
