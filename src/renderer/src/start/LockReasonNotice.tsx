import { LockOutlined } from '@ant-design/icons';
import { Alert } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { LockReason } from '../../../shared/domain';
import { lockShortcutLabel, useAppInfo } from '../settings/app-info';
import { readResumePoint } from './resume-point';

/** One sentence for why the vault locked. */
export function lockReasonText(t: TFunction, reason: LockReason, context: { idleMinutes?: number | undefined; shortcut: string }): string {
  switch (reason) {
    case 'idle':
      return context.idleMinutes === undefined ? t('lock.reason.idleNoMinutes') : t('lock.reason.idle', { minutes: context.idleMinutes });
    case 'screen-lock':
    case 'suspend':
    case 'user-switch':
    case 'window-closed':
    case 'app-closed':
      return t(`lock.reason.${reason}`);
    case 'manual':
      return t('lock.reason.manual', { shortcut: context.shortcut });
    default: {
      const unreachable: never = reason;
      return unreachable;
    }
  }
}

/** Above the unlock form after a lock in this run: why it locked, and that the screen's data is gone. */
export function LockReasonNotice({ reason }: { reason: LockReason }) {
  const { t } = useTranslation();
  const info = useAppInfo();
  const text = lockReasonText(t, reason, { idleMinutes: readResumePoint()?.idleMinutes, shortcut: lockShortcutLabel(info?.platform) });
  return (
    <Alert
      type="info"
      showIcon
      icon={<LockOutlined />}
      title={text}
      description={t('lock.reasonHint')}
      style={{ marginBottom: 16 }}
      // Information, not an error: the unlock form's own alert stays the only role="alert".
      role="status"
      data-testid="lock-reason"
      data-reason={reason}
    />
  );
}
