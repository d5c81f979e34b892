import type { EntityManager } from '@mikro-orm/core';
import { hasPermission } from '../../auth/permissions.js';
import { query } from '../../db/read-model.js';
import type { RowRule } from '../../auth/row-rules.js';

/**
 * No row at all: a condition no project meets (an adviser without a team sees no associated project). "In no
 * team" rather than "id is null", so the search backends can apply it too (an empty `in` matches nothing).
 */
const NONE = { associatedTeamId: { in: [] } };

/**
 * "Associated" projects (Data Hub's IsAssociatedToInvestmentProjectFilter): a caller without
 * `view_all_investmentproject` sees only the projects whose creator, client relationship manager, project
 * manager, assurance adviser or a team member is in the caller's team. A filter on the project read model's
 * `associatedTeamId` (the investment_project_associated_team view), so it goes inside every statement.
 */
export const investmentRowRules: readonly RowRule[] = [
  {
    name: 'associatedInvestmentProjects',
    description:
      "A caller without view_all_investmentproject (view_associated_investmentproject) sees only the investment projects associated with their team — whose creator, client relationship manager, project manager, project assurance adviser or a team member is in it — in lists, counts, nested lists, relations, lookups, searches and exports; an adviser without a team sees none. Partner clients with investment:read see all (live ones).",
    filter: (viewer, model) => {
      // Only a reader with associated access is narrowed; a caller who may read no project reads none anyway
      // (the rules refuse every field that shows one), and finds the ones it may change to write them.
      if (model.name !== 'InvestmentProject' || hasPermission(viewer, 'view_all_investmentproject') || !hasPermission(viewer, 'view_associated_investmentproject')) {
        return null;
      }
      return viewer.kind === 'adviser' && viewer.teamId ? { associatedTeamId: { eq: viewer.teamId } } : NONE;
    },
  },
];

/**
 * Whether a project is associated with a team (the rule's own view), for the writes `change_associated_…`
 * allows: one statement; never for a caller without a team.
 */
export async function isAssociatedWithTeam(em: EntityManager, projectId: string, teamId: string | null): Promise<boolean> {
  if (!teamId) return false;
  const rows = await query(em, { text: 'select 1 from investment_project_associated_team where investment_project_id = ? and team_id = ?', params: [projectId, teamId] });
  return rows.length > 0;
}
