import { hasPermission } from '../../auth/permissions.js';
import type { RowRule } from '../../auth/row-rules.js';

/**
 * Interactions of "associated" projects (Data Hub's `view_associated_investmentproject_interaction`): a caller
 * without `view_all_interaction` sees only the interactions about an investment project associated with their
 * team, the same teams the project rule reads (the investment_project_associated_team view); an adviser
 * without a team sees none. A filter on the read model, so it goes inside every statement and every search.
 */
export const interactionRowRules: readonly RowRule[] = [
  {
    name: 'associatedProjectInteractions',
    description:
      "A caller without view_all_interaction (view_associated_investmentproject_interaction) sees only the interactions about an investment project associated with their team — in lists, counts, nested lists, lookups, searches and exports; interactions about no project, or another team's, are hidden; an adviser without a team sees none.",
    filter: (viewer, model) => {
      // Only a reader with associated access is narrowed: a write-only client (interaction:write) reads nothing
      // but the ids of what it writes, and must find the interactions it writes.
      if (model.name !== 'Interaction' || hasPermission(viewer, 'view_all_interaction') || !hasPermission(viewer, 'view_associated_investmentproject_interaction')) {
        return null;
      }
      const teamId = viewer.kind === 'adviser' ? viewer.teamId : null;
      return { investmentProjectAssociatedTeamId: teamId ? { eq: teamId } : { in: [] } };
    },
  },
];
