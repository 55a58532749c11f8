import { useEffect } from 'react';
import type { SessionStaff } from '../../../shared/domain';
import { can } from '../../../shared/permissions';
import { useRouteStore } from '../stores/route-store';
import { useBackupStore } from './backup-store';
import { BackupAttentionAlert } from './BackupAttentionAlert';

/**
 * On the main screen right after unlocking: a failed, missed or overdue
 * backup is shown prominently to those who can act on it (owner, admin).
 */
export function BackupBanner({ staff }: { staff: SessionStaff | null }) {
  const view = useBackupStore((s) => s.view);
  const load = useBackupStore((s) => s.load);
  const backupNow = useBackupStore((s) => s.backupNow);
  const askEditSchedule = useBackupStore((s) => s.askEditSchedule);
  const onBackupPage = useRouteStore((s) => s.route.name === 'backup');
  const navigate = useRouteStore((s) => s.navigate);
  const role = staff?.role ?? null;
  const mayBackUp = role !== null && can(role, 'backup.create', { granted: false });

  useEffect(() => {
    if (mayBackUp) void load();
  }, [mayBackUp, load]);

  if (!mayBackUp || !view || onBackupPage) return null;
  return (
    <BackupAttentionAlert
      view={view}
      onOpen={() => navigate({ name: 'backup' })}
      onBackupNow={() => {
        navigate({ name: 'backup' });
        void backupNow(view.schedule?.folder);
      }}
      onEditSchedule={() => {
        navigate({ name: 'backup' });
        askEditSchedule();
      }}
    />
  );
}
