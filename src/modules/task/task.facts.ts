import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '../../auth/viewer.js';
import { rowScope } from '../../auth/row-rules.js';
import { byIdPart, byIdSql, queryEach, type ReadModel, type Sql } from '../../db/read-model.js';
import { adviserModel } from '../adviser/index.js';
import { companyModel } from '../company/index.js';
import { interactionModel } from '../interaction/index.js';
import { investmentProjectModel } from '../investment/index.js';
import type { TaskFacts, TaskState } from './task.rules.js';

/** A related record newly named, looked up under the caller's row rules: one it may not see is as missing as an unknown one. */
function relatedPart(model: ReadModel, id: string | null, before: string | null | undefined, scope: Sql[]): Sql | null {
  return id && id !== before ? byIdSql(model, [id], scope) : null;
}

/** What the task rules read (TaskFacts), in one statement: its advisers and the record it is newly about. Nothing named, no statement. */
export async function loadTaskFacts(em: EntityManager, viewer: Viewer, next: TaskState, before: TaskState | undefined): Promise<TaskFacts> {
  const scope = rowScope(viewer);
  const rows = await queryEach(em, {
    advisers: byIdPart(adviserModel, next.adviserIds),
    company: relatedPart(companyModel, next.companyId, before?.companyId, scope(companyModel)),
    investmentProject: relatedPart(investmentProjectModel, next.investmentProjectId, before?.investmentProjectId, scope(investmentProjectModel)),
    interaction: relatedPart(interactionModel, next.interactionId, before?.interactionId, scope(interactionModel)),
  });
  return {
    advisers: new Map(rows.advisers.map((a) => [a.id as string, { isActive: a.isActive as boolean }])),
    found: { companyId: rows.company.length > 0, investmentProjectId: rows.investmentProject.length > 0, interactionId: rows.interaction.length > 0 },
  };
}
