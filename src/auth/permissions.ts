import { accessCatalog, type GroupName, type Permission } from './access.js';

/**
 * Advisers' permissions, as Data Hub names them (domain.md §4). Each module declares its own codenames and
 * what the groups grant of them (its `access`, src/auth/access.ts); these read that vocabulary. The database
 * holds only who has what: `adviser.groups` and `adviser.permissions` (their own), and
 * `metadata_team_role.groups` (granted to every member of a team with that role). Superusers have every
 * permission.
 */
export type { Permission, GroupName } from './access.js';

/** Every permission codename, sorted. */
export const allPermissions = (): Permission[] => Object.keys(accessCatalog().permissions).sort() as Permission[];

/** Codename → what it allows. */
export const permissionDescriptions = (): Readonly<Record<Permission, string>> => accessCatalog().permissions;

/** The groups, with what each grants. */
export const groups = () => accessCatalog().groups;

export const groupNames = (): GroupName[] => Object.keys(accessCatalog().groups) as GroupName[];

export const isGroupName = (name: string): name is GroupName => Object.hasOwn(accessCatalog().groups, name);

export const isPermission = (name: string): name is Permission => Object.hasOwn(accessCatalog().permissions, name);

/**
 * The union of the adviser's own permissions and their groups' (unknown names grant nothing), or every
 * permission for a superuser.
 */
export function effectivePermissions(groupsOfAdviser: readonly string[], own: readonly string[], isSuperuser: boolean): ReadonlySet<Permission> {
  if (isSuperuser) return new Set(allPermissions());
  const byGroup = accessCatalog().groups;
  return new Set([...own.filter(isPermission), ...groupsOfAdviser.flatMap((g) => (isGroupName(g) ? byGroup[g].permissions : []))]);
}

/** What a permission check needs of a caller (a Viewer, src/auth/viewer.ts, is one). */
export type PermissionHolder = { kind: 'adviser'; isSuperuser: boolean; permissions: ReadonlySet<Permission> } | { kind: 'client'; permissions: ReadonlySet<Permission> };

/**
 * Whether the caller holds the permission: the one check every rule goes through. A partner client holds
 * the permissions its entity scopes stand for (src/auth/scopes.ts).
 */
export function hasPermission(viewer: PermissionHolder, permission: Permission): boolean {
  return (viewer.kind === 'adviser' && viewer.isSuperuser) || viewer.permissions.has(permission);
}
