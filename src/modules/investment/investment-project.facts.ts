import type { EntityManager } from '@mikro-orm/core';
import { byId, byIdPart, type Row, type Sql } from '../../db/read-model.js';
import { adviserModel } from '../adviser/index.js';
import { companyModel } from '../company/index.js';
import { contactModel } from '../contact/index.js';
import { loadWithReferences } from '../metadata/index.js';
import { ADVISER_FIELDS, COMPANY_FIELDS, investmentProjectMetadataIds, REFERENCE_FIELDS, REFERENCE_LISTS, type InvestmentProjectFacts } from './investment-project.rules.js';
import type { InvestmentProjectState } from './investment-project.state.js';
import { gvaSector } from './investment-project.value.js';
import { investmentReferenceModels } from './investment.model.js';

type ReferenceKey = keyof typeof investmentReferenceModels;

/** The latest GVA multiplier of a sector (Data Hub's: by financial year, newest first). */
const gvaMultiplierSql = (sectorId: string): Sql => ({
  text: `select id, multiplier, sector_classification_gva_multiplier as "classification"
           from metadata_gva_multiplier where sector_id = ? order by financial_year desc, id limit 1`,
  params: [sectorId],
});

/** The module's own reference rows a state names, as one part per table. */
function referenceParts(next: InvestmentProjectState): Record<ReferenceKey, Sql | null> {
  const ids = new Map<ReferenceKey, Array<string | null>>();
  const add = (table: ReferenceKey, list: Array<string | null>) => ids.set(table, [...(ids.get(table) ?? []), ...list]);
  for (const [key, table] of Object.entries(REFERENCE_FIELDS)) add(table, [next[key as keyof typeof REFERENCE_FIELDS]]);
  for (const [key, table] of Object.entries(REFERENCE_LISTS)) add(table, next[key as keyof typeof REFERENCE_LISTS]);
  return Object.fromEntries([...ids].map(([table, list]) => [table, byIdPart(investmentReferenceModels[table], list)])) as Record<ReferenceKey, Sql | null>;
}

/**
 * What the investment project rules read (InvestmentProjectFacts), and the GVA multiplier its value needs, in
 * one statement: the metadata and the module's reference rows it names, its stage, its advisers, companies
 * and client contacts, and its sector's latest multiplier.
 */
export async function loadInvestmentProjectFacts(em: EntityManager, next: InvestmentProjectState): Promise<{ facts: InvestmentProjectFacts; gvaMultiplier: Row | null }> {
  const sector = gvaSector(next);
  const { references, rows } = await loadWithReferences(em, investmentProjectMetadataIds(next), {
    ...referenceParts(next),
    stage: byIdPart(investmentReferenceModels.investmentProjectStage, [next.stageId]),
    advisers: byIdPart(adviserModel, ADVISER_FIELDS.map((key) => next[key])),
    companies: byIdPart(companyModel, COMPANY_FIELDS.map((key) => next[key])),
    contacts: byIdPart(contactModel, next.clientContactIds),
    gva: sector ? gvaMultiplierSql(sector) : null,
  });
  const tables = Object.keys(investmentReferenceModels) as ReferenceKey[];
  return {
    facts: {
      references,
      rows: Object.fromEntries(tables.map((table) => [table, byId(rows[table] ?? [])])) as unknown as InvestmentProjectFacts['rows'],
      stage: rows.stage[0] ?? null,
      advisers: byId(rows.advisers),
      companies: byId(rows.companies),
      contacts: byId(rows.contacts),
    },
    gvaMultiplier: rows.gva[0] ?? null,
  };
}
