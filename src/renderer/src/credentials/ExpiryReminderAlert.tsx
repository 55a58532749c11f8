import { Alert, Button } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useCredentialsStore } from '../stores/credentials-store';
import { useRouteStore } from '../stores/route-store';

/** Asks once per unlock what expires within 30 days (the store remembers it asked until the next lock). */
export function useExpiryReminder(staffId: string | null): void {
  const check = useCredentialsStore((s) => s.checkReminder);
  useEffect(() => {
    if (staffId) void check();
  }, [staffId, check]);
}

/** "N 个账号或证书将在 30 天内到期", with a link to the 账号到期与更换 page, until the person closes it. */
export function ExpiryReminderAlert() {
  const { t } = useTranslation();
  const reminder = useCredentialsStore((s) => s.reminder);
  const dismiss = useCredentialsStore((s) => s.dismissReminder);
  const navigate = useRouteStore((s) => s.navigate);
  if (!reminder) return null;
  return (
    <Alert
      type="warning"
      showIcon
      closable={{ afterClose: dismiss, 'aria-label': t('cred.reminder.close') }}
      title={t('cred.reminder.title', { count: reminder.count })}
      description={reminder.expired > 0 ? t('cred.reminder.expired', { count: reminder.expired }) : undefined}
      action={
        <Button size="small" type="link" onClick={() => navigate({ name: 'credentials', tab: 'expiring' })} data-testid="expiry-reminder-open">
          {t('cred.reminder.open')}
        </Button>
      }
      style={{ marginBottom: 16 }}
      role="status"
      data-testid="expiry-reminder"
    />
  );
}
