import type { EntityManager } from '@mikro-orm/core';
import { REF } from '../../src/modules/metadata/metadata.entities.js';

export type Kind = 'interaction' | 'service_delivery';
export type Theme = 'export' | 'investment' | 'trade_agreement' | 'domestic' | 'other';

export interface ServiceChoice {
  id: string;
  /** Enabled questions of the service, each with its enabled answer options. */
  questions: Array<{ id: string; optionIds: string[] }>;
}

/** The enabled reference ids the demo data draws from, read from the database (never hard-coded). */
export interface DemoReference {
  /** Enabled countries other than the UK, the US and Canada (those are chosen explicitly). */
  otherCountryIds: string[];
  ukRegions: Array<{ id: string; name: string }>;
  /** Administrative areas by country id, for the US and Canada. */
  areasByCountry: Map<string, string[]>;
  sectorIds: string[];
  businessTypeIds: string[];
  employeeRangeIds: string[];
  turnoverRangeIds: string[];
  headquarterTypeIds: Set<string>;
  oneListTierIds: string[];
  teamIds: string[];
  titleIds: string[];
  channelIds: string[];
  policyAreaIds: string[];
  policyIssueTypeIds: string[];
  /** Selectable services (enabled leaves) for each kind and theme, following Data Hub's service contexts. */
  servicesFor: (kind: Kind, theme: Theme) => ServiceChoice[];
}

type Row = Record<string, string>;

async function rows(em: EntityManager, sql: string): Promise<Row[]> {
  return (await em.getConnection().execute(sql, [], 'all', em.getTransactionContext())) as Row[];
}

async function enabledIds(em: EntityManager, table: string): Promise<string[]> {
  // Ordered so that the same database always yields the same lists, whatever the physical row order.
  return (await rows(em, `select id from "${table}" where disabled_on is null order by id`)).map((r) => r.id);
}

/** Data Hub offers a service only in the contexts it lists; the legacy plain contexts are the fallback. */
const SERVICE_CONTEXTS: Record<Kind, Record<Theme, string[]>> = {
  interaction: {
    export: ['export_interaction'],
    investment: ['investment_interaction'],
    trade_agreement: ['trade_agreement_interaction'],
    domestic: ['other_interaction'],
    other: ['other_interaction'],
  },
  service_delivery: {
    export: ['export_service_delivery'],
    investment: ['other_service_delivery'],
    trade_agreement: ['other_service_delivery'],
    domestic: ['other_service_delivery'],
    other: ['other_service_delivery'],
  },
};
const FALLBACK_CONTEXT: Record<Kind, string> = { interaction: 'interaction', service_delivery: 'service_delivery' };

/**
 * Leaves of the service tree (no row, even a disabled one, has them as parent), enabled, and answerable:
 * a service whose question has no enabled option could never be completed, so it is left out.
 */
async function loadServices(em: EntityManager): Promise<(kind: Kind, theme: Theme) => ServiceChoice[]> {
  const leaves = await rows(
    em,
    `select s.id, array_to_string(s.contexts, ',') as contexts from metadata_service s
      where s.disabled_on is null and not exists (select 1 from metadata_service c where c.parent_id = s.id)
      order by s.id`,
  );
  const questions = await rows(
    em,
    'select id, service_id from metadata_service_question where disabled_on is null order by "order", id',
  );
  const options = await rows(
    em,
    'select id, question_id from metadata_service_answer_option where disabled_on is null order by "order", id',
  );
  const optionsByQuestion = groupBy(options, (o) => o.question_id, (o) => o.id);
  const questionsByService = groupBy(questions, (q) => q.service_id, (q) => ({ id: q.id, optionIds: optionsByQuestion.get(q.id) ?? [] }));

  const choices = leaves
    .map((s) => ({ id: s.id, contexts: s.contexts ? s.contexts.split(',') : [], questions: questionsByService.get(s.id) ?? [] }))
    .filter((s) => s.questions.every((q) => q.optionIds.length > 0));
  if (!choices.length) throw missing('metadata_service (enabled leaves)');

  const inContexts = (contexts: string[]) => choices.filter((s) => s.contexts.some((c) => contexts.includes(c)));
  const cache = new Map<string, ServiceChoice[]>();
  return (kind, theme) => {
    const key = `${kind}/${theme}`;
    let list = cache.get(key);
    if (!list) {
      const exact = inContexts(SERVICE_CONTEXTS[kind][theme]);
      const fallback = inContexts([FALLBACK_CONTEXT[kind]]);
      list = (exact.length ? exact : fallback.length ? fallback : choices).map(({ id, questions }) => ({ id, questions }));
      cache.set(key, list);
    }
    return list;
  };
}

function groupBy<T, V>(items: T[], key: (item: T) => string, value: (item: T) => V): Map<string, V[]> {
  const map = new Map<string, V[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(value(item));
    else map.set(k, [value(item)]);
  }
  return map;
}

function missing(what: string): Error {
  return new Error(`Reference data is missing (${what} has no enabled rows): run seed:metadata before seed:demo.`);
}

async function required(em: EntityManager, table: string): Promise<string[]> {
  const ids = await enabledIds(em, table);
  if (!ids.length) throw missing(table);
  return ids;
}

export async function loadDemoReference(em: EntityManager): Promise<DemoReference> {
  const { unitedKingdom, unitedStates, canada } = REF.country;
  const countryIds = await required(em, 'metadata_country');
  for (const id of [unitedKingdom, unitedStates, canada]) {
    if (!countryIds.includes(id)) throw missing(`metadata_country ${id}`);
  }
  const areas = await rows(
    em,
    `select id, country_id from metadata_administrative_area
      where disabled_on is null and country_id in ('${unitedStates}', '${canada}') order by id`,
  );
  const ukRegions = await rows(em, 'select id, name from metadata_uk_region where disabled_on is null order by id');
  if (!ukRegions.length) throw missing('metadata_uk_region');
  const headquarterTypeIds = new Set(await enabledIds(em, 'metadata_headquarter_type'));
  if (!headquarterTypeIds.has(REF.headquarterType.ghq)) throw missing('metadata_headquarter_type ghq');

  return {
    otherCountryIds: countryIds.filter((id) => id !== unitedKingdom && id !== unitedStates && id !== canada),
    ukRegions: ukRegions.map((r) => ({ id: r.id, name: r.name })),
    areasByCountry: groupBy(areas, (a) => a.country_id, (a) => a.id),
    sectorIds: await required(em, 'metadata_sector'),
    businessTypeIds: await required(em, 'metadata_business_type'),
    employeeRangeIds: await enabledIds(em, 'metadata_employee_range'),
    turnoverRangeIds: await enabledIds(em, 'metadata_turnover_range'),
    headquarterTypeIds,
    oneListTierIds: await enabledIds(em, 'metadata_one_list_tier'),
    teamIds: await required(em, 'metadata_team'),
    titleIds: await enabledIds(em, 'metadata_title'),
    channelIds: await required(em, 'metadata_communication_channel'),
    policyAreaIds: await required(em, 'metadata_policy_area'),
    policyIssueTypeIds: await required(em, 'metadata_policy_issue_type'),
    servicesFor: await loadServices(em),
  };
}
