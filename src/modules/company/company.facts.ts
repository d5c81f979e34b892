import type { EntityManager } from '@mikro-orm/core';
import { byIdSql, query, type Sql } from '../../db/read-model.js';
import { REF } from '../metadata/index.js';
import { loadWithReferences, namesAny } from '../metadata/index.js';
import { companyModel } from './company.model.js';
import { companyReferenceIds, dunsToCheck, type CompanyFacts, type CompanyState } from './company.rules.js';

const subsidiariesSql = (id: string): Sql => ({ text: 'select count(*)::int as "n" from company where global_headquarters_id = ?', params: [id] });
const dunsOwnerSql = (duns: string, selfId: string | undefined): Sql => ({
  text: 'select id from company where duns_number = ? and id is distinct from ?',
  params: [duns, selfId ?? null],
});

/**
 * What the company rules read (CompanyFacts), in one statement: the references the company names, the
 * company it names as global headquarters, its subsidiaries when it is stored as a ghq, and whether its new
 * DUNS number is taken. That last matters only once the rules pass, so it is read here only when the
 * statement runs anyway; otherwise it is left undefined for loadDunsTaken, and a write the rules refuse
 * costs no statement.
 */
export async function loadCompanyFacts(em: EntityManager, next: CompanyState, before: CompanyState | undefined): Promise<CompanyFacts> {
  const ids = companyReferenceIds(next);
  const lookups = {
    globalHeadquarters: next.globalHeadquartersId ? byIdSql(companyModel, [next.globalHeadquartersId]) : null,
    subsidiaries: next.id && before?.headquarterTypeId === REF.headquarterType.ghq ? subsidiariesSql(next.id) : null,
  };
  const duns = dunsToCheck(next, before);
  const runsAnyway = namesAny(ids) || Object.values(lookups).some(Boolean);
  const { references, rows } = await loadWithReferences(em, ids, { ...lookups, dunsOwner: duns && runsAnyway ? dunsOwnerSql(duns, next.id) : null });
  const [globalHeadquarters] = rows.globalHeadquarters;
  return {
    references,
    globalHeadquarters: globalHeadquarters && { headquarterTypeId: globalHeadquarters.headquarterTypeId },
    subsidiaries: rows.subsidiaries[0]?.n ?? 0,
    dunsTaken: duns && !runsAnyway ? undefined : rows.dunsOwner.length > 0,
  };
}

/** Whether another company has the DUNS number the write changes to (dunsToCheck), in a statement of its own. */
export async function loadDunsTaken(em: EntityManager, next: CompanyState, before: CompanyState | undefined): Promise<boolean> {
  const duns = dunsToCheck(next, before);
  return !!duns && (await query(em, dunsOwnerSql(duns, next.id))).length > 0;
}
