import { Alert } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { UnlockNotice } from '../../../shared/domain';
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

/** What this unlock found (a restore, an accepted rollback, an altered record on this PC), until the person closes it. */
export function UnlockNoticeAlert() {
  const { t } = useTranslation();
  const notice = useVaultStore((s) => s.status?.notice);
  const dismiss = useVaultStore((s) => s.dismissNotice);
  if (!notice) return null;
  return (
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
  );
}
