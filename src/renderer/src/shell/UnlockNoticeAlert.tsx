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
 * admins the alerts nobody has acknowledged yet, until the person closes it.
 */
export function UnlockNoticeAlert() {
  const { t } = useTranslation();
  const notice = useVaultStore((s) => s.status?.notice);
  const openAlerts = useVaultStore((s) => s.status?.openAlerts);
  const dismiss = useVaultStore((s) => s.dismissNotice);
  const dismissAlerts = useVaultStore((s) => s.dismissAlerts);
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
    </>
  );
}
