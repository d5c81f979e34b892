import type { EntityManager } from '@mikro-orm/core';
import { byIdPart, byIdSql, type Row, type Sql } from '../../db/read-model.js';
import { adviserModel } from '../adviser/index.js';
import { companyModel } from '../company/index.js';
import { contactModel } from '../contact/index.js';
import { investmentProjectModel } from '../investment/index.js';
import { loadWithReferences } from '../metadata/index.js';
import { linkReferenceIds, serviceChanges, type InteractionState, type LinkFacts, type ServiceQuestion } from './interaction.rules.js';

const subServiceSql = (serviceId: string): Sql => ({ text: 'select id from metadata_service where parent_id = ? limit 1', params: [serviceId] });

/** A service's questions, one row per answer option (or one for a question without options). */
const questionRowsSql = (serviceId: string): Sql => ({
  text: `select q.id as "id", q.name as "name", q."order" as "order", q.disabled_on is not null as "disabled",
                o.id as "optionId", o.disabled_on is not null as "optionDisabled"
           from metadata_service_question q left join metadata_service_answer_option o on o.question_id = q.id
          where q.service_id = ?`,
  params: [serviceId],
});

/** Questions with their options, in the service's order (by `order`, then id, as the database sorts uuids). */
export function questionsFrom(rows: readonly Row[]): ServiceQuestion[] {
  const byQuestion = new Map<string, ServiceQuestion & { order: number }>();
  for (const r of rows) {
    const q: ServiceQuestion & { order: number } = byQuestion.get(r.id) ?? { id: r.id, name: r.name, disabled: r.disabled, options: [], order: r.order };
    if (r.optionId) q.options.push({ id: r.optionId, disabled: r.optionDisabled });
    byQuestion.set(r.id, q);
  }
  const sorted = [...byQuestion.values()].sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return sorted.map(({ order: _order, ...question }) => question);
}

/**
 * What the link rules read (LinkFacts), in one statement: the companies (a new one the caller may not see,
 * under `companyScope`, its row rules on companies, is as missing), the contacts and participating advisers,
 * the references, the chosen service's sub-services and questions when the service or its answers change, and
 * its investment project (under `projectScope`, the caller's row rules on projects).
 */
export async function loadLinkFacts(
  em: EntityManager,
  next: InteractionState,
  before: InteractionState | undefined,
  companyScope: Sql[],
  projectScope: Sql[],
): Promise<LinkFacts> {
  const service = next.serviceId && serviceChanges(next, before) ? next.serviceId : null;
  const added = next.companyIds.filter((id) => !before?.companyIds.includes(id));
  const { references, rows } = await loadWithReferences(em, linkReferenceIds(next, before), {
    companies: byIdPart(companyModel, next.companyIds),
    visibleCompanies: companyScope.length && added.length ? byIdSql(companyModel, added, companyScope) : null,
    contacts: byIdPart(contactModel, next.contactIds),
    advisers: byIdPart(adviserModel, next.participantAdviserIds),
    subService: service ? subServiceSql(service) : null,
    questions: service ? questionRowsSql(service) : null,
    // A project the caller may not see (the associated rule) is as missing as an unknown one.
    investmentProject: next.investmentProjectId ? byIdSql(investmentProjectModel, [next.investmentProjectId], projectScope) : null,
  });
  const hidden = new Set(companyScope.length ? added.filter((id) => !rows.visibleCompanies.some((c) => c.id === id)) : []);
  return {
    companies: new Map(rows.companies.filter((c) => !hidden.has(c.id)).map((c) => [c.id, { archived: c.archived }])),
    contacts: new Map(rows.contacts.map((c) => [c.id, { companyId: c.companyId }])),
    advisers: new Map(rows.advisers.map((a) => [a.id, { ditTeamId: a.ditTeamId }])),
    references,
    service: { hasChildren: rows.subService.length > 0, questions: questionsFrom(rows.questions) },
    investmentProject: rows.investmentProject[0] ? { archived: rows.investmentProject[0].archived } : null,
  };
}
