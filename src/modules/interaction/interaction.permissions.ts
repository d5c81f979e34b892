import { defineAccess, type CodenamesOf, type ScopesOf } from '../../auth/access.js';
import { can, type ReadRules, type RuleTree } from '../../graphql/rules.js';

/** Interactions' permission codenames, the scopes that grant them to partner clients, and the groups that have them. */
export const interactionAccess = defineAccess({
  permissions: {
    view_all_interaction: 'Read every interaction and service delivery.',
    add_all_interaction: 'Record interactions and service deliveries.',
    change_all_interaction: 'Change interactions and service deliveries.',
    export_interaction: 'Export interactions in bulk: the CSV of an interaction search (exportUrl), up to 5,000 rows.',
  },
  scopes: {
    'interaction:read': { grants: ['view_all_interaction'], description: 'interaction and interactions, and interactions wherever they appear.' },
    'interaction:write': {
      grants: ['add_all_interaction', 'change_all_interaction'],
      description: 'createInteraction, updateInteraction, archiveInteraction and unarchiveInteraction; without interaction:read a result shows its id only.',
    },
  },
  grants: {
    DIT_staff: ['view_all_interaction', 'add_all_interaction', 'change_all_interaction'],
    DA: ['view_all_interaction', 'add_all_interaction', 'change_all_interaction'],
    LEP: ['view_all_interaction', 'add_all_interaction'],
    'Read-only analyst': ['view_all_interaction', 'export_interaction'],
  },
});

// The codenames and scopes as types, for `can(...)` and the rules everywhere (src/auth/access.ts).
declare module '../../auth/access.js' {
  interface PermissionCodenames extends CodenamesOf<typeof interactionAccess> {}
  interface ScopeNames extends ScopesOf<typeof interactionAccess> {}
}

/** Who may read interactions, wherever they appear (a mutation's result included). */
export const interactionReaders: ReadRules = { Interaction: can('view_all_interaction') };

/**
 * Who may read and write interactions, and the relation fields between interactions and the other
 * entities: each needs the view permission of the entity it leads to.
 */
export const interactionPermissions: RuleTree = {
  Query: {
    interaction: can('view_all_interaction'),
    interactions: can('view_all_interaction'),
  },
  Mutation: {
    createInteraction: can('add_all_interaction'),
    updateInteraction: can('change_all_interaction'),
    // Archiving is a change of the interaction, as in Data Hub (no permission of its own).
    archiveInteraction: can('change_all_interaction'),
    unarchiveInteraction: can('change_all_interaction'),
  },
  Company: {
    interactions: can('view_all_interaction'),
    latestInteractionDate: can('view_all_interaction'),
  },
  Contact: {
    interactions: can('view_all_interaction'),
  },
  Adviser: {
    interactions: can('view_all_interaction'),
  },
  Interaction: {
    company: can('view_company'),
    companies: can('view_company'),
    contacts: can('view_contact'),
  },
};
