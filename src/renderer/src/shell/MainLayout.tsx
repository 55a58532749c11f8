import { useEffect } from 'react';
import type { SessionStaff } from '../../../shared/domain';
import { AuditLogPage } from '../admin/AuditLogPage';
import { AlertsPage } from '../alerts/AlertsPage';
import { IncidentsPage } from '../incidents/IncidentsPage';
import { DestructionPage } from '../retention/DestructionPage';
import { StaffPage } from '../admin/StaffPage';
import { useSessionAccess } from '../admin/useSessionAccess';
import { ClientDetailPage } from '../clients/ClientDetailPage';
import { BackupBanner } from '../backup/BackupBanner';
import { BackupPage } from '../backup/BackupPage';
import { ClientListPage } from '../clients/ClientListPage';
import { CredentialsPage } from '../credentials/CredentialsPage';
import { ExpiryReminderAlert, useExpiryReminder } from '../credentials/ExpiryReminderAlert';
import { FirstRunChecklist } from '../first-run/FirstRunChecklist';
import { PreviewModal } from '../preview/PreviewModal';
import { SettingsPage } from '../settings/SettingsPage';
import { useResumePoint } from '../start/useResumePoint';
import { useRouteStore, type Route } from '../stores/route-store';
import { AppHeader } from './AppHeader';
import { UnlockNoticeAlert } from './UnlockNoticeAlert';

export function MainLayout({ staff }: { staff: SessionStaff | null }) {
  const route = useRouteStore((s) => s.route);
  useResumePoint(route, staff?.id ?? null);
  useSessionAccess(staff?.id ?? null);
  useExpiryReminder(staff?.id ?? null);

  // A file dropped outside the documents area must not make the window open it.
  useEffect(() => {
    const ignore = (e: DragEvent) => {
      if (Array.from(e.dataTransfer?.types ?? []).includes('Files')) e.preventDefault();
    };
    window.addEventListener('dragover', ignore);
    window.addEventListener('drop', ignore);
    return () => {
      window.removeEventListener('dragover', ignore);
      window.removeEventListener('drop', ignore);
    };
  }, []);

  return (
    <div className="main-layout">
      <AppHeader staff={staff} />
      <main className="main-content">
        <UnlockNoticeAlert />
        <ExpiryReminderAlert />
        <BackupBanner staff={staff} />
        {route.name === 'clients' && <FirstRunChecklist staff={staff} />}
        <RouteView route={route} />
      </main>
      <PreviewModal />
    </div>
  );
}

function RouteView({ route }: { route: Route }) {
  switch (route.name) {
    case 'clients':
      return <ClientListPage />;
    case 'client':
      return <ClientDetailPage id={route.id} />;
    case 'credentials':
      return <CredentialsPage />;
    case 'settings':
      return <SettingsPage />;
    case 'backup':
      return <BackupPage />;
    case 'staff':
      return <StaffPage />;
    case 'audit':
      return <AuditLogPage />;
    case 'alerts':
      return <AlertsPage />;
    case 'incidents':
      return <IncidentsPage {...(route.id ? { id: route.id } : {})} />;
    case 'destruction':
      return <DestructionPage />;
    default: {
      const unreachable: never = route;
      return unreachable;
    }
  }
}
