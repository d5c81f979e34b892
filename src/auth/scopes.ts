import { accessCatalog, type Permission, type Scope, type ScopeSpec } from './access.js';

/**
 * What a partner client may do, as scopes on its API client. Data Hub's five come first (its Hawk clients
 * hold them, src/auth/access.ts CORE_SCOPES), then each module's entity scopes, which give finer grants. An
 * entity scope grants advisers' permissions (so every rule checks one thing, `hasPermission`); the others are
 * checked by name where they apply. Personal data is never implied: contacts' email and telephone need
 * `contact:pii` on top of `contact:read`, and no scope shows advisers' contact details.
 */
export type { Scope } from './access.js';

/** Every scope with what it grants and is for, core ones first, then the modules' in their order. */
export const scopes = (): Readonly<Record<Scope, ScopeSpec>> => accessCatalog().scopes;

export const allScopes = (): Scope[] => Object.keys(accessCatalog().scopes) as Scope[];

export const isScope = (name: string): name is Scope => Object.hasOwn(accessCatalog().scopes, name);

/** The advisers' permissions a set of scopes stands for. */
export function scopePermissions(held: Iterable<Scope>): ReadonlySet<Permission> {
  const all = accessCatalog().scopes;
  return new Set([...held].flatMap((s) => all[s].grants as Permission[]));
}
