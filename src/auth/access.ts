/**
 * The access vocabulary — advisers' permission codenames, partner clients' scopes, and what each group
 * grants — declared by the modules (each module's `access` in its manifest) and installed once by the
 * composition root (src/system.ts) before anything is served. The access model (src/auth/permissions.ts,
 * scopes.ts) reads it from here, so a module brings its own permissions without touching src/auth.
 */

/**
 * Every permission codename, by name. Each module adds its own by declaration merging in its
 * `<module>.permissions.ts`, from the same object it declares at run time:
 * `declare module '../../auth/access.js' { interface PermissionCodenames extends CodenamesOf<typeof access> {} }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PermissionCodenames {}

/** Every scope name, by name: the core ones below, and each module's, added the same way. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ScopeNames extends Record<keyof typeof CORE_SCOPES, true> {}

export type Permission = Extract<keyof PermissionCodenames, string>;
export type Scope = Extract<keyof ScopeNames, string>;

/** A scope: the advisers' permissions it stands for (none for a scope checked by name), and what it is for. */
export type ScopeSpec = { grants: readonly string[]; description: string };

/** What a module declares about access: its codenames (with what each allows), its scopes, what groups get. */
export type ModuleAccess = {
  permissions?: Readonly<Record<string, string>>;
  scopes?: Readonly<Record<string, ScopeSpec>>;
  /** Group name → the module's codenames the group grants (the groups themselves are GROUP_DESCRIPTIONS). */
  grants?: Readonly<Partial<Record<GroupName, readonly string[]>>>;
};

/** Declares a module's access, keeping its literal names for `CodenamesOf` and `ScopesOf`. */
export const defineAccess = <const A extends ModuleAccess>(access: A): A => access;

export type CodenamesOf<A extends ModuleAccess> = Record<Extract<keyof NonNullable<A['permissions']>, string>, true>;
export type ScopesOf<A extends ModuleAccess> = Record<Extract<keyof NonNullable<A['scopes']>, string>, true>;

/**
 * Data Hub's five Hawk scopes and introspection: not any one module's. An entity's scopes (`company:read`, ...)
 * are its module's. Those that grant nothing are checked by name where they apply.
 */
export const CORE_SCOPES = {
  activity_stream: { grants: [], description: "Data Hub's activity stream feed; it is not built yet, so the scope grants nothing today." },
  public_company: { grants: [], description: 'publicCompany and publicCompanies: public company fields only, no personal data and no relations to people.' },
  metadata: { grants: [], description: 'Reference data: countries, sectors, teams, services and the other reference lists.' },
  datasets: { grants: [], description: "Data Hub's bulk dataset feeds; they are not built yet, so the scope grants nothing today." },
  public_omis: { grants: [], description: "Data Hub's public OMIS order endpoints; orders are not built yet, so the scope grants nothing today." },
  introspection: { grants: [], description: 'GraphQL introspection (`__schema`, `__type`), for tools that read the schema.' },
} as const satisfies Record<string, ScopeSpec>;

/**
 * The groups: named sets of permissions (reviewed like code, listed in docs/permissions.md). The first six
 * names are Data Hub's (the seeded team roles grant the first five); the last two are this gateway's. What each grants
 * comes from the modules' `grants`; `Administrator` has every permission. The database holds only who is in
 * which group: `adviser.groups`, and `metadata_team_role.groups` for every member of a team with that role.
 */
export const GROUP_DESCRIPTIONS = {
  DIT_staff: 'DBT staff: read everything, record and change companies, contacts and interactions, archive them.',
  DA: "Devolved administrations: read companies and contacts; read, record and change their team's investment projects and those projects' interactions.",
  LEP: "Local enterprise partnerships: read companies and contacts; read, record and change their team's investment projects and those projects' interactions.",
  'Regional account managers': 'One List account management; its permissions arrive with the One List (none yet).',
  'Global account managers': 'One List global account management; its permissions arrive with the One List (none yet).',
  'Investment Verification Team': 'Verifies investment wins: moves projects to Won, or to any stage without checking their fields.',
  'Read-only analyst': 'Analysts: read and export, never write.',
  Administrator: 'Every permission, without being a superuser.',
} as const;

export type GroupName = keyof typeof GROUP_DESCRIPTIONS;

export type Group = { description: string; permissions: readonly Permission[] };

export type AccessCatalog = {
  /** Codename → what it allows, in the modules' order. */
  permissions: Readonly<Record<Permission, string>>;
  scopes: Readonly<Record<Scope, ScopeSpec>>;
  groups: Readonly<Record<GroupName, Group>>;
};

/** Builds the catalog from the modules' declarations; a name declared twice, or a grant of an unknown name, stops the start. */
export function buildAccessCatalog(declarations: readonly ModuleAccess[]): AccessCatalog {
  const permissions: Record<string, string> = {};
  const scopes: Record<string, ScopeSpec> = { ...CORE_SCOPES };
  for (const declared of declarations) {
    for (const [name, description] of Object.entries(declared.permissions ?? {})) {
      if (Object.hasOwn(permissions, name)) throw new Error(`The permission ${name} is declared twice.`);
      permissions[name] = description;
    }
    for (const [name, spec] of Object.entries(declared.scopes ?? {})) {
      if (Object.hasOwn(scopes, name)) throw new Error(`The scope ${name} is declared twice.`);
      scopes[name] = spec;
    }
  }
  const known = (name: string, where: string) => {
    if (!Object.hasOwn(permissions, name)) throw new Error(`${where} names ${name}, which no module declares.`);
    return name as Permission;
  };
  for (const [name, spec] of Object.entries(scopes)) spec.grants.forEach((p) => known(p, `The scope ${name}`));
  const all = Object.keys(permissions).sort() as Permission[];
  const groups = Object.fromEntries(
    Object.entries(GROUP_DESCRIPTIONS).map(([group, description]) => {
      const granted = declarations.flatMap((d) => d.grants?.[group as GroupName] ?? []).map((p) => known(p, `The group ${group}`));
      return [group, { description, permissions: group === 'Administrator' ? all : granted }];
    }),
  ) as unknown as Record<GroupName, Group>;
  for (const declared of declarations) {
    for (const group of Object.keys(declared.grants ?? {})) {
      if (!Object.hasOwn(GROUP_DESCRIPTIONS, group)) throw new Error(`A module grants permissions to ${group}, which is not a group.`);
    }
  }
  return { permissions: permissions as Record<Permission, string>, scopes: scopes as Record<Scope, ScopeSpec>, groups };
}

let installed: AccessCatalog | undefined;

/** Makes the modules' declarations the access vocabulary of this process (src/system.ts does, once). */
export function installAccess(declarations: readonly ModuleAccess[]): AccessCatalog {
  installed = buildAccessCatalog(declarations);
  return installed;
}

/** The installed vocabulary; asking before src/system.ts has installed it is a wiring mistake. */
export function accessCatalog(): AccessCatalog {
  if (!installed) throw new Error('The access catalog is not installed: import src/system.ts (the composition root) first.');
  return installed;
}
