import { ENDED_CLIENT_REFUSES, type Action } from '../../../shared/permissions';
import { useCan } from '../admin/access-store';
import { useClientDetailStore } from '../stores/client-detail-store';

/**
 * useCan for an action on the client whose page is shown: an ended client (已解除委托) is read-only for
 * everyone, so what main would refuse with CLIENT_ENDED is not offered. Only for the client page's parts.
 */
export function useCanOnClient(action: Action): boolean {
  const allowed = useCan(action);
  const ended = useClientDetailStore((s) => s.client?.status === 'ended');
  return allowed && !(ended && ENDED_CLIENT_REFUSES.has(action));
}
