import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/shared/domain';
import { ACTIONS, allowedActions, can, canManageRole, isClientAction, type Action } from '../../src/shared/permissions';

/**
 * The permission matrix, written out as the spec: Y always, G only on a
 * granted client, N never. Columns: owner, admin, accountant, auditor.
 */
const MATRIX: Record<Action, [string, string, string, string]> = {
  'client.list': ['Y', 'Y', 'Y', 'Y'],
  'client.view': ['Y', 'Y', 'G', 'G'],
  'client.create': ['Y', 'Y', 'N', 'N'],
  'client.edit': ['Y', 'Y', 'G', 'N'],
  'client.archive': ['Y', 'Y', 'N', 'N'],
  'client.reveal': ['Y', 'Y', 'G', 'G'],
  'client.export': ['Y', 'Y', 'N', 'N'],
  'client.end': ['Y', 'Y', 'N', 'N'],
  'doc.list': ['Y', 'Y', 'G', 'G'],
  'doc.preview': ['Y', 'Y', 'G', 'G'],
  'doc.import': ['Y', 'Y', 'G', 'N'],
  'doc.export': ['Y', 'Y', 'G', 'N'],
  'doc.print': ['Y', 'Y', 'G', 'N'],
  'doc.edit': ['Y', 'Y', 'G', 'N'],
  'doc.trash': ['Y', 'Y', 'G', 'N'],
  'doc.delete': ['Y', 'Y', 'N', 'N'],
  'cred.list': ['Y', 'Y', 'G', 'G'],
  'cred.use': ['Y', 'Y', 'G', 'N'],
  'cred.edit': ['Y', 'Y', 'G', 'N'],
  'cred.export': ['Y', 'N', 'N', 'N'],
  'staff.list': ['Y', 'Y', 'N', 'Y'],
  'staff.manage': ['Y', 'Y', 'N', 'N'],
  'grant.list': ['Y', 'Y', 'N', 'Y'],
  'grant.manage': ['Y', 'Y', 'N', 'N'],
  'staff.offboard': ['Y', 'Y', 'N', 'N'],
  'audit.view': ['Y', 'Y', 'N', 'Y'],
  'audit.export': ['Y', 'Y', 'N', 'Y'],
  'report.access': ['Y', 'Y', 'N', 'Y'],
  'backup.create': ['Y', 'Y', 'N', 'N'],
  'backup.restore': ['Y', 'N', 'N', 'N'],
  'settings.policy': ['Y', 'N', 'N', 'N'],
  'settings.own': ['Y', 'Y', 'Y', 'Y'],
  'alerts.manage': ['Y', 'Y', 'N', 'N'],
  'incidents.manage': ['Y', 'Y', 'N', 'N'],
  'retention.manage': ['Y', 'Y', 'N', 'N'],
};

const cases = ACTIONS.flatMap((action) =>
  ROLES.flatMap((role, column) =>
    [true, false].map((granted) => {
      const rule = MATRIX[action][column];
      return [role, action, granted, rule === 'Y' || (rule === 'G' && granted)] as const;
    }),
  ),
);

describe('can(role, action, { granted })', () => {
  it('the spec covers every action', () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...ACTIONS].sort());
    expect(cases).toHaveLength(ACTIONS.length * ROLES.length * 2);
  });

  it.each(cases)('%s may %s (granted: %s) → %s', (role, action, granted, expected) => {
    expect(can(role, action, { granted })).toBe(expected);
  });

  it('only client actions depend on a grant', () => {
    for (const action of ACTIONS) {
      const dependsOnGrant = ROLES.some((role) => can(role, action, { granted: true }) !== can(role, action, { granted: false }));
      if (dependsOnGrant) expect(isClientAction(action), action).toBe(true);
    }
  });

  it('allowedActions lists what a role may do on a granted client', () => {
    expect(allowedActions('auditor')).toEqual(['client.list', 'client.view', 'client.reveal', 'doc.list', 'doc.preview', 'cred.list', 'staff.list', 'grant.list', 'audit.view', 'audit.export', 'report.access', 'settings.own']);
    expect(allowedActions('owner')).toEqual([...ACTIONS]);
  });
});

describe('canManageRole(actor, target)', () => {
  const table: Record<Role, Record<Role, boolean>> = {
    owner: { owner: false, admin: true, accountant: true, auditor: true },
    admin: { owner: false, admin: false, accountant: true, auditor: true },
    accountant: { owner: false, admin: false, accountant: false, auditor: false },
    auditor: { owner: false, admin: false, accountant: false, auditor: false },
  };
  it.each(ROLES.flatMap((actor) => ROLES.map((target) => [actor, target, table[actor][target]] as const)))('%s manages %s → %s', (actor, target, expected) => {
    expect(canManageRole(actor, target)).toBe(expected);
  });
});
