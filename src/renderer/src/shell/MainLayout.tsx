import type { SessionStaff } from '../../../shared/domain';
import { ClientDetailPage } from '../clients/ClientDetailPage';
import { ClientListPage } from '../clients/ClientListPage';
import { useRouteStore, type Route } from '../stores/route-store';
import { AppHeader } from './AppHeader';

export function MainLayout({ staff }: { staff: SessionStaff | null }) {
  const route = useRouteStore((s) => s.route);
  return (
    <div className="main-layout">
      <AppHeader staff={staff} />
      <main className="main-content">
        <RouteView route={route} />
      </main>
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
