import { WarningOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SessionStaff } from '../../../shared/domain';
import { can } from '../../../shared/permissions';
import { useBackupStore } from '../backup/backup-store';
import { useRouteStore } from '../stores/route-store';

/**
 * In the header, for owners and admins: 从未备份 / 已 N 天未备份 while no
 * verified backup is newer than the firm's setting; opens the backup page.
 * main decides (BackupStatusView.ageWarning); the backup banner loads it.
 */
export function BackupAgeWarning({ staff }: { staff: SessionStaff | null }) {
  const { t } = useTranslation();
  const view = useBackupStore((s) => s.view);
  const navigate = useRouteStore((s) => s.navigate);
  if (!staff || !can(staff.role, 'backup.create', { granted: false }) || !view?.canCreate || !view.ageWarning) return null;
  const warning = view.ageWarning;
  return (
    <Button
      danger
      size="small"
      icon={<WarningOutlined />}
      onClick={() => navigate({ name: 'backup' })}
      title={t('firstRun.header.title', { limit: view.warnAfterDays })}
      data-testid="backup-age-warning"
      data-kind={warning.kind}
      style={{ whiteSpace: 'nowrap' }}
    >
      {warning.kind === 'never' ? t('firstRun.header.never') : t('firstRun.header.stale', { days: warning.days })}
    </Button>
  );
}
