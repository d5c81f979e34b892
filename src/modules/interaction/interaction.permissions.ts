import { defineAccess, type CodenamesOf, type ScopesOf } from '../../auth/access.js';
import { hasPermission } from '../../auth/permissions.js';
import { AppError } from '../../errors.js';
import type { Permission } from '../../auth/access.js';
import { viewInvestmentProjects } from '../investment/index.js';
import { can, defineRule, missing, readReferenceData, type ReadRules, type RuleTree } from '../../graphql/rules.js';

/** Interactions' permission codenames, the scopes that grant them to partner clients, and the groups that have them. */
export const interactionAccess = defineAccess({
  permissions: {
    view_all_interaction: 'Read every interaction and service delivery.',
    add_all_interaction: 'Record interactions and service deliveries.',
    change_all_interaction: 'Change interactions and service deliveries.',
    export_interaction: 'Export interactions in bulk: the CSV of an interaction search (exportUrl), up to 5,000 rows.',
    view_associated_investmentproject_interaction: "Read the interactions about the investment projects associated with the caller's team, and no others.",
    add_associated_investmentproject_interaction: "Record interactions about the investment projects associated with the caller's team.",
    change_associated_investmentproject_interaction: "Change the interactions about the investment projects associated with the caller's team.",
  },
  scopes: {
    'interaction:read': { grants: ['view_all_interaction'], description: 'interaction and interactions, and interactions wherever they appear.' },
    'interaction:write': {
      grants: ['add_all_interaction', 'change_all_interaction'],
      description: 'createInteraction and updateInteraction; without interaction:read a result shows its id only.',
    },
  },
  grants: {
    DIT_staff: ['view_all_interaction', 'add_all_interaction', 'change_all_interaction'],
    // Data Hub's devolved administrations and LEPs see and record only their team's projects' interactions.
    DA: ['view_associated_investmentproject_interaction', 'add_associated_investmentproject_interaction', 'change_associated_investmentproject_interaction'],
    LEP: ['view_associated_investmentproject_interaction', 'add_associated_investmentproject_interaction', 'change_associated_investmentproject_interaction'],
    'Read-only analyst': ['view_all_interaction', 'export_interaction'],
  },
});

// The codenames and scopes as types, for `can(...)` and the rules everywhere (src/auth/access.ts).
declare module '../../auth/access.js' {
  interface PermissionCodenames extends CodenamesOf<typeof interactionAccess> {}
  interface ScopeNames extends ScopesOf<typeof interactionAccess> {}
}

/**
 * Archiving and unarchiving: an adviser with `change_all_interaction` (a change of the interaction, as in Data
 * Hub). Not a partner client: archived interactions are hidden from partners, so one could archive a record
 * it could then neither see nor restore.
 */
export const archiveInteractions = defineRule('archiveInteractions', 'an adviser with `change_all_interaction`; no scope', 'contextual', (_parent, ctx) =>
  ctx.viewer.kind !== 'adviser'
    ? new AppError('FORBIDDEN', 'Only advisers archive and unarchive interactions; a partner client cannot.')
    : hasPermission(ctx.viewer, 'change_all_interaction') || missing('change_all_interaction'),
);

type InteractionPermission = 'view_all_interaction' | 'add_all_interaction' | 'change_all_interaction';

/** An `_all_` interaction permission or its associated-projects variant (the row rule and the service narrow the latter). */
const allOrAssociated = (name: string, all: InteractionPermission, associated: Permission) =>
  defineRule(name, `\`${all}\` or \`${associated}\``, 'contextual', (_parent, ctx) => hasPermission(ctx.viewer, all) || hasPermission(ctx.viewer, associated) || missing(all));

/** Reading interactions: all of them, or those about the caller's team's investment projects (interaction.row-rules.ts). */
export const viewInteractions = allOrAssociated('viewInteractions', 'view_all_interaction', 'view_associated_investmentproject_interaction');
const addInteractions = allOrAssociated('addInteractions', 'add_all_interaction', 'add_associated_investmentproject_interaction');
const changeInteractions = allOrAssociated('changeInteractions', 'change_all_interaction', 'change_associated_investmentproject_interaction');

/** Who may read interactions, wherever they appear (a mutation's result included). */
export const interactionReaders: ReadRules = { Interaction: viewInteractions };

/**
 * Who may read and write interactions, and the relation fields between interactions and the other
 * entities: each needs the view permission of the entity it leads to.
 */
export const interactionPermissions: RuleTree = {
  Query: {
    interaction: viewInteractions,
    interactions: viewInteractions,
    // Reference data for the form: whoever may read reference data (advisers; scope metadata).
    interactionServices: readReferenceData,
  },
  Mutation: {
    createInteraction: addInteractions,
    updateInteraction: changeInteractions,
    archiveInteraction: archiveInteractions,
    unarchiveInteraction: archiveInteractions,
  },
  Company: {
    interactions: viewInteractions,
    // The date of the latest of all its interactions: only a caller who may read them all.
    latestInteractionDate: can('view_all_interaction'),
  },
  Contact: {
    interactions: viewInteractions,
  },
  Adviser: {
    interactions: viewInteractions,
  },
  InvestmentProject: {
    interactions: viewInteractions,
  },
  Interaction: {
    company: can('view_company'),
    companies: can('view_company'),
    contacts: can('view_contact'),
    investmentProject: viewInvestmentProjects,
  },
};
