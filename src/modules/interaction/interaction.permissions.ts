import { can, type ReadRules, type RuleTree } from '../../graphql/rules.js';

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
  },
  Company: {
    interactions: can('view_all_interaction'),
    latestInteractionDate: can('view_all_interaction'),
  },
  Contact: {
    interactions: can('view_all_interaction'),
  },
  Interaction: {
    company: can('view_company'),
    companies: can('view_company'),
    contacts: can('view_contact'),
  },
};
