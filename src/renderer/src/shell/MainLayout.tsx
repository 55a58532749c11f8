import { useEffect } from 'react';
import type { SessionStaff } from '../../../shared/domain';
import { ClientDetailPage } from '../clients/ClientDetailPage';
import { ClientListPage } from '../clients/ClientListPage';
import { PreviewModal } from '../preview/PreviewModal';
import { useRouteStore, type Route } from '../stores/route-store';
import { AppHeader } from './AppHeader';

export function MainLayout({ staff }: { staff: SessionStaff | null }) {
  const route = useRouteStore((s) => s.route);

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
    default: {
      const unreachable: never = route;
      return unreachable;
    }
  }
}
