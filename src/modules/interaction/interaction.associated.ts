import type { EntityManager } from '@mikro-orm/core';
import { hasPermission } from '../../auth/permissions.js';
import type { Permission } from '../../auth/access.js';
import type { Viewer } from '../../auth/viewer.js';
import { isAssociatedWithTeam } from '../investment/index.js';
import { AppError, badInput } from '../../errors.js';
import type { InteractionState } from './interaction.state.js';

/**
 * A caller who may write only interactions about their team's investment projects (Data Hub's
 * `add/change_associated_investmentproject_interaction`, without the `_all_` permission) names one such
 * project, before and after the change: one statement per project to check, none for any other caller.
 */
export async function assertAssociatedWrite(tx: EntityManager, viewer: Viewer, all: Permission, next: InteractionState, before?: InteractionState): Promise<void> {
  if (hasPermission(viewer, all)) return;
  if (!next.investmentProjectId) {
    throw badInput(['investmentProjectId'], 'REQUIRED', "You record only interactions about your team's investment projects: give investmentProjectId.");
  }
  const teamId = viewer.kind === 'adviser' ? viewer.teamId : null;
  const projects = [...new Set([next.investmentProjectId, before?.investmentProjectId].filter((id): id is string => !!id))];
  for (const projectId of projects) {
    if (!(await isAssociatedWithTeam(tx, projectId, teamId))) {
      throw new AppError('FORBIDDEN', "The investment project is not one of your team's, so you may not record or change its interactions.", {
        reason: 'NOT_ASSOCIATED',
        field: ['investmentProjectId'],
      });
    }
  }
}
