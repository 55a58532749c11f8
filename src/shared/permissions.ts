/**
 * Who may do what. Pure data and functions: main enforces them at every
 * service entry point, the renderer uses the same table to hide what a role
 * cannot do. The cryptographic boundary (per-client keys) sits underneath:
 * passing `can` is necessary, never sufficient, to read a client's data.
 */
import type { Role } from './domain';

export const ACTIONS = [
  'client.list',
  'client.view',
  'client.create',
  'client.edit',
  'client.archive',
  'client.reveal',
  'client.export',
  'client.end',
  'doc.list',
  'doc.preview',
  'doc.import',
  'doc.export',
  'doc.print',
  'doc.edit',
  'doc.trash',
  'doc.delete',
  'cred.list',
  'cred.use',
  'cred.edit',
  'cred.export',
  'staff.list',
  'staff.manage',
  'grant.list',
  'grant.manage',
  'staff.offboard',
  'audit.view',
  'audit.export',
  'report.access',
  'backup.create',
  'backup.restore',
  'settings.policy',
  'settings.own',
  'alerts.manage',
  'incidents.manage',
  'retention.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Actions on one client's data: they need a grant unless the role holds the master key. */
export const CLIENT_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  'client.view',
  'client.edit',
  'client.archive',
  'client.reveal',
  'client.end',
  'doc.list',
  'doc.preview',
  'doc.import',
  'doc.export',
  'doc.print',
  'doc.edit',
  'doc.trash',
  'doc.delete',
  'cred.list',
  'cred.use',
  'cred.edit',
]);

/** What an ended client (已解除委托) refuses to everyone: it is kept as it was handed back, until its retention ends. */
export const ENDED_CLIENT_REFUSES: ReadonlySet<Action> = new Set<Action>(['client.edit', 'client.archive', 'doc.import', 'doc.edit', 'doc.trash', 'cred.edit']);

export function isClientAction(action: Action): boolean {
  return CLIENT_ACTIONS.has(action);
}

/** yes: always; granted: only on clients granted to the staff member; no: never. */
type Rule = 'yes' | 'granted' | 'no';

const Y: Rule = 'yes';
const G: Rule = 'granted';
const N: Rule = 'no';

/** Rows: actions. Columns: owner, admin, accountant, auditor. */
const TABLE: Record<Action, readonly [Rule, Rule, Rule, Rule]> = {
  'client.list': [Y, Y, Y, Y], // accountants and auditors see only granted clients in the list
  'client.view': [Y, Y, G, G],
  'client.create': [Y, Y, N, N], // a new client key must be wrapped for the master key
  'client.edit': [Y, Y, G, N],
  'client.archive': [Y, Y, N, N],
  'client.reveal': [Y, Y, G, G],
  'client.export': [Y, Y, N, N], // the whole client list as .xlsx, with a reason
  'client.end': [Y, Y, N, N], // 解除委托: the hand-back package of everything, then read-only until retention ends
  'doc.list': [Y, Y, G, G],
  'doc.preview': [Y, Y, G, G],
  'doc.import': [Y, Y, G, N],
  'doc.export': [Y, Y, G, N],
  'doc.print': [Y, Y, G, N],
  'doc.edit': [Y, Y, G, N],
  'doc.trash': [Y, Y, G, N],
  'doc.delete': [Y, Y, N, N],
  'cred.list': [Y, Y, G, G], // titles and logins, never secrets
  'cred.use': [Y, Y, G, N], // reveal, copy, TOTP code, certificate export: the secrets themselves
  'cred.edit': [Y, Y, G, N],
  'cred.export': [Y, N, N, N], // every credential of the firm in one file: the owner only
  'staff.list': [Y, Y, N, Y],
  'staff.manage': [Y, Y, N, N],
  'grant.list': [Y, Y, N, Y],
  'grant.manage': [Y, Y, N, N],
  'staff.offboard': [Y, Y, N, N],
  'audit.view': [Y, Y, N, Y],
  'audit.export': [Y, Y, N, Y],
  'report.access': [Y, Y, N, Y],
  'backup.create': [Y, Y, N, N],
  'backup.restore': [Y, N, N, N],
  'settings.policy': [Y, N, N, N],
  'settings.own': [Y, Y, Y, Y],
  'alerts.manage': [Y, Y, N, N], // the 警报 page: see, acknowledge
  'incidents.manage': [Y, Y, N, N], // the incident register: sealed under the master key, names clients and staff
  'retention.manage': [Y, Y, N, N], // legal holds, 销毁清册: draw up, approve, carry out
};

const COLUMN: Record<Role, 0 | 1 | 2 | 3> = { owner: 0, admin: 1, accountant: 2, auditor: 3 };

/** Whether `role` may do `action`; `granted` says whether the client concerned is granted to the staff member. */
export function can(role: Role, action: Action, context: { granted: boolean }): boolean {
  const rule = TABLE[action][COLUMN[role]];
  return rule === 'yes' || (rule === 'granted' && context.granted);
}

/** Roles that hold the master key and so every client key. */
export function holdsMasterKey(role: Role): boolean {
  return role === 'owner' || role === 'admin';
}

/**
 * Whom a staff manager may add, change or offboard: the owner manages admins,
 * accountants and auditors; an admin manages accountants and auditors. Nobody
 * manages the owner, and nobody is made owner (there is one, from creation).
 */
export function canManageRole(actor: Role, target: Role): boolean {
  if (target === 'owner') return false;
  if (actor === 'owner') return true;
  if (actor === 'admin') return target === 'accountant' || target === 'auditor';
  return false;
}

/** Every action the role may do on a client granted to it (for the UI: what to show). */
export function allowedActions(role: Role): Action[] {
  return ACTIONS.filter((a) => can(role, a, { granted: true }));
}
