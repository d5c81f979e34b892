import { defineAccess, type CodenamesOf, type ScopesOf } from '../../auth/access.js';
import { hasPermission } from '../../auth/permissions.js';
import { AppError } from '../../errors.js';
import { can, defineRule, type ReadRules, type RuleTree } from '../../graphql/rules.js';
import { investmentReferenceLists } from './investment.reference-data.js';

/**
 * Investment projects' permission codenames (Data Hub's), the scope that grants partner clients read access,
 * and the groups that have them. "Associated" permissions reach only the projects of the caller's team
 * (investment.row-rules.ts); an `_all_` permission lifts that.
 */
export const investmentAccess = defineAccess({
  permissions: {
    view_all_investmentproject: 'Read every investment project.',
    view_associated_investmentproject: "Read the investment projects associated with the caller's team (its creator, client relationship manager, project manager, assurance adviser or a team member is in it).",
    add_investmentproject: 'Create investment projects.',
    change_all_investmentproject: 'Change every investment project, archive and unarchive it, and edit its team.',
    change_associated_investmentproject: "Change the investment projects associated with the caller's team.",
    change_to_any_stage_investmentproject: 'Move a project forward to Won, and set any stage without checking its fields (the Investment Verification Team).',
    export_investmentproject: 'Export investment projects in bulk: the CSV of a project search (exportUrl), up to 5,000 rows.',
  },
  scopes: {
    'investment:read': {
      grants: ['view_all_investmentproject'],
      description: "investmentProject and investmentProjects, and projects wherever they appear (live ones only); their contacts need contact:read, and contacts' personal data contact:pii.",
    },
  },
  grants: {
    DIT_staff: ['view_all_investmentproject', 'add_investmentproject', 'change_all_investmentproject'],
    DA: ['view_associated_investmentproject', 'add_investmentproject', 'change_associated_investmentproject'],
    LEP: ['view_associated_investmentproject', 'add_investmentproject', 'change_associated_investmentproject'],
    'Investment Verification Team': ['view_all_investmentproject', 'change_all_investmentproject', 'change_to_any_stage_investmentproject'],
    'Read-only analyst': ['view_all_investmentproject', 'export_investmentproject'],
  },
});

// The codenames and scopes as types, for `can(...)` and the rules everywhere (src/auth/access.ts).
declare module '../../auth/access.js' {
  interface PermissionCodenames extends CodenamesOf<typeof investmentAccess> {}
  interface ScopeNames extends ScopesOf<typeof investmentAccess> {}
}

/** Either of two permissions, refused naming the first. */
const either = (name: string, all: 'view_all_investmentproject' | 'change_all_investmentproject', associated: 'view_associated_investmentproject' | 'change_associated_investmentproject') =>
  defineRule(name, `\`${all}\` or \`${associated}\``, 'contextual', (_parent, ctx) =>
    hasPermission(ctx.viewer, all) || hasPermission(ctx.viewer, associated) || new AppError('FORBIDDEN', `This needs the ${all} or ${associated} permission.`, { permission: all }),
  );

/** Reading projects: all of them, or those of the caller's team (the row rule narrows the rows). */
export const viewInvestmentProjects = either('viewInvestmentProjects', 'view_all_investmentproject', 'view_associated_investmentproject');
/** Changing projects: all of them, or those of the caller's team (the service checks the project). */
export const changeInvestmentProjects = either('changeInvestmentProjects', 'change_all_investmentproject', 'change_associated_investmentproject');

/** Who may read investment projects, wherever they appear (a mutation's result included). */
export const investmentReaders: ReadRules = { InvestmentProject: viewInvestmentProjects };

/** Who may read and write investment projects, and the fields that lead from them to other entities. */
export const investmentPermissions: RuleTree = {
  Query: {
    investmentProject: viewInvestmentProjects,
    investmentProjects: viewInvestmentProjects,
    ...investmentReferenceLists.rules.Query,
  },
  Mutation: {
    createInvestmentProject: can('add_investmentproject'),
    updateInvestmentProject: changeInvestmentProjects,
    setInvestmentProjectStage: can('change_to_any_stage_investmentproject'),
    setInvestmentProjectTeamMembers: changeInvestmentProjects,
    archiveInvestmentProject: changeInvestmentProjects,
    unarchiveInvestmentProject: changeInvestmentProjects,
  },
  Company: {
    investmentProjects: viewInvestmentProjects,
  },
  InvestmentProject: {
    investorCompany: can('view_company'),
    intermediateCompany: can('view_company'),
    ukCompany: can('view_company'),
    clientContacts: can('view_contact'),
  },
};
