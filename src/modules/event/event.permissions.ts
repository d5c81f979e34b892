import { defineAccess, type CodenamesOf, type ScopesOf } from '../../auth/access.js';
import { can, type ReadRules, type RuleTree } from '../../graphql/rules.js';
import { eventReferenceLists } from './event.reference-data.js';

/**
 * Events' permission codenames (Data Hub's), the scopes that grant them to partner clients, and the groups
 * that have them: in Data Hub only DIT_staff may see and record events; the gateway's analysts read them too.
 */
export const eventAccess = defineAccess({
  permissions: {
    view_event: 'Read events.',
    add_event: 'Create events.',
    change_event: 'Change events, and disable and enable them.',
  },
  scopes: {
    'event:read': { grants: ['view_event'], description: 'event and events, and events wherever they appear.' },
    'event:write': { grants: ['add_event', 'change_event'], description: 'createEvent, updateEvent, disableEvent and enableEvent; without event:read a result shows its id only.' },
  },
  grants: {
    DIT_staff: ['view_event', 'add_event', 'change_event'],
    'Read-only analyst': ['view_event'],
  },
});

// The codenames and scopes as types, for `can(...)` and the rules everywhere (src/auth/access.ts).
declare module '../../auth/access.js' {
  interface PermissionCodenames extends CodenamesOf<typeof eventAccess> {}
  interface ScopeNames extends ScopesOf<typeof eventAccess> {}
}

/** Who may read events, wherever they appear (a mutation's result included). */
export const eventReaders: ReadRules = { Event: can('view_event') };

/**
 * Who may read and write events, with Data Hub's codenames: disabling and enabling are changes
 * (`change_event`), as Data Hub has no permission of their own. An event's organiser is an adviser, shown
 * under the adviser's own rules.
 */
export const eventPermissions: RuleTree = {
  Query: {
    event: can('view_event'),
    events: can('view_event'),
    ...eventReferenceLists.rules.Query,
  },
  Mutation: {
    createEvent: can('add_event'),
    updateEvent: can('change_event'),
    disableEvent: can('change_event'),
    enableEvent: can('change_event'),
  },
};
