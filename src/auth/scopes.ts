import type { Permission } from './permissions.js';

/**
 * What a partner client may do, as scopes on its API client. Data Hub's five come first (its Hawk
 * clients hold them); the entity scopes give finer grants. An entity scope grants advisers' permissions
 * (so every rule checks one thing, `hasPermission`); the others are checked by name where they apply.
 * Personal data is never implied: contacts' email and telephone need `contact:pii` on top of
 * `contact:read`, and no scope shows advisers' contact details.
 */
export const SCOPES = {
  activity_stream: { grants: [], description: "Data Hub's activity stream feed; it is not built yet, so the scope grants nothing today." },
  public_company: { grants: [], description: 'publicCompany and publicCompanies: public company fields only, no personal data and no relations to people.' },
  metadata: { grants: [], description: 'Reference data: countries, sectors, teams, services and the other reference lists.' },
  datasets: { grants: [], description: "Data Hub's bulk dataset feeds; they are not built yet, so the scope grants nothing today." },
  public_omis: { grants: [], description: "Data Hub's public OMIS order endpoints; orders are not built yet, so the scope grants nothing today." },
  introspection: { grants: [], description: 'GraphQL introspection (`__schema`, `__type`), for tools that read the schema.' },
  'company:read': { grants: ['view_company'], description: 'company and companies: every company field; related contacts and interactions need their own scopes.' },
  'company:write': { grants: ['add_company', 'change_company'], description: 'createCompany and updateCompany (not archiving); without company:read a result shows its id only, and a DUNS number cannot be set.' },
  'contact:read': { grants: ['view_contact'], description: 'contact and contacts, and contacts wherever they appear, without email and telephone.' },
  'contact:pii': { grants: [], description: "Contacts' email and telephone number (with contact:read)." },
  'contact:write': { grants: ['add_contact', 'change_contact'], description: 'createContact and updateContact (not archiving); setting an email (createContact needs one) needs contact:read and contact:pii too, and without contact:read a result shows its id only.' },
  'interaction:read': { grants: ['view_all_interaction'], description: 'interaction and interactions, and interactions wherever they appear.' },
  'interaction:write': { grants: ['add_all_interaction', 'change_all_interaction'], description: 'createInteraction and updateInteraction; without interaction:read a result shows its id only.' },
  'search:read': { grants: [], description: 'The search queries, which arrive with the search issue; the scope grants nothing today.' },
} satisfies Record<string, { grants: Permission[]; description: string }>;

export type Scope = keyof typeof SCOPES;

export const ALL_SCOPES = Object.keys(SCOPES) as Scope[];

export const isScope = (name: string): name is Scope => Object.hasOwn(SCOPES, name);

/** The advisers' permissions a set of scopes stands for. */
export function scopePermissions(scopes: Iterable<Scope>): ReadonlySet<Permission> {
  return new Set([...scopes].flatMap((s) => SCOPES[s].grants as Permission[]));
}
