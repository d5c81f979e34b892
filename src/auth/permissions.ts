
/**
 * Advisers' permissions, as Data Hub names them (domain.md §4), for the entities that exist so far; the One
 * List and investment ones arrive with their entities. Groups are named sets of permissions, defined here
 * (reviewed like code, and listed in docs/permissions.md); the database holds only who has what:
 * `adviser.groups` and `adviser.permissions` (their own), and `metadata_team_role.groups` (granted to every
 * member of a team with that role). Superusers have every permission.
 */
export const PERMISSIONS = {
  view_company: 'Read companies.',
  add_company: 'Create companies.',
  change_company: 'Change companies.',
  archive_company: 'Archive and unarchive companies.',
  export_company: 'Export companies in bulk: the CSV of a company search (exportUrl), up to 5,000 rows.',
  view_contact: 'Read contacts, their email and telephone included.',
  add_contact: 'Create contacts.',
  change_contact: 'Change contacts.',
  archive_contact: 'Archive and unarchive contacts.',
  export_contact: 'Export contacts in bulk: the CSV of a contact search (exportUrl), up to 5,000 rows.',
  view_all_interaction: 'Read every interaction and service delivery.',
  add_all_interaction: 'Record interactions and service deliveries.',
  change_all_interaction: 'Change interactions and service deliveries.',
  export_interaction: 'Export interactions in bulk: the CSV of an interaction search (exportUrl), up to 5,000 rows.',
  view_advisor: "List and look up advisers, with their contact details (Data Hub's spelling).",
  manage_api_client: 'Create partner clients, issue their credentials and revoke them.',
  view_search_status: "See search's health: the backend, the outbox's depth and the index lag.",
} as const;

export type Permission = keyof typeof PERMISSIONS;

export const ALL_PERMISSIONS = Object.keys(PERMISSIONS).sort() as Permission[];

const READ: Permission[] = ['view_company', 'view_contact', 'view_all_interaction', 'view_advisor'];
const RECORD: Permission[] = ['add_contact', 'change_contact', 'add_all_interaction', 'change_all_interaction'];

/**
 * The groups. The first five names are Data Hub's (the seeded team roles grant them); the last two are
 * this gateway's. Reference data (countries, sectors, teams, ...) needs no permission: every adviser reads it.
 */
export const GROUPS: Record<string, { description: string; permissions: readonly Permission[] }> = {
  DIT_staff: {
    description: 'DBT staff: read everything, record and change companies, contacts and interactions, archive them.',
    permissions: [...READ, ...RECORD, 'add_company', 'change_company', 'archive_company', 'archive_contact'],
  },
  DA: {
    description: 'Devolved administrations: read everything, record contacts and interactions.',
    permissions: [...READ, ...RECORD],
  },
  LEP: {
    description: 'Local enterprise partnerships: read companies, contacts and interactions, record interactions.',
    permissions: [...READ, 'add_all_interaction'],
  },
  'Regional account managers': {
    description: 'One List account management; its permissions arrive with the One List (none yet).',
    permissions: [],
  },
  'Global account managers': {
    description: 'One List global account management; its permissions arrive with the One List (none yet).',
    permissions: [],
  },
  'Read-only analyst': {
    description: 'Analysts: read and export, never write.',
    permissions: [...READ, 'export_company', 'export_contact', 'export_interaction'],
  },
  Administrator: {
    description: 'Every permission, without being a superuser.',
    permissions: ALL_PERMISSIONS,
  },
};

export const GROUP_NAMES = Object.keys(GROUPS);

export const isGroupName = (name: string): boolean => Object.hasOwn(GROUPS, name);

export const isPermission = (name: string): name is Permission => Object.hasOwn(PERMISSIONS, name);

/**
 * The union of the adviser's own permissions and their groups' (unknown names grant nothing), or every
 * permission for a superuser.
 */
export function effectivePermissions(groups: readonly string[], own: readonly string[], isSuperuser: boolean): ReadonlySet<Permission> {
  if (isSuperuser) return new Set(ALL_PERMISSIONS);
  return new Set([...own.filter(isPermission), ...groups.flatMap((g) => (isGroupName(g) ? GROUPS[g].permissions : []))]);
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
