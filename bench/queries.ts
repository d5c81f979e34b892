/**
 * The measured operations, as each server is asked them. Every server gets the same HTTP request
 * shape (a POST of `{ operationName, query, variables }` to /graphql); the raw handler dispatches on
 * `operationName` and ignores the query text.
 *
 * The canonical shape of an answer is the gateway's; `canonical()` maps PostGraphile's answer onto it
 * (flat address columns, `nodes` lists) so that the three can be compared value for value.
 */
import { canonicalProjectPage, gatewayProjectPage, postgraphileProjectPage, rawProjectPage, summaryProjectPage } from './project-page.js';

export type QueryName = 'company-page' | 'company-list' | 'project-page';
export const QUERY_NAMES: QueryName[] = ['company-page', 'company-list', 'project-page'];
export type ServerName = 'gateway' | 'postgraphile' | 'raw';
export const SERVER_NAMES: ServerName[] = ['gateway', 'postgraphile', 'raw'];

export const OPERATION: Record<QueryName, string> = { 'company-page': 'CompanyPage', 'company-list': 'CompanyList', 'project-page': 'ProjectPage' };

export const CONTACTS_ON_PAGE = 20;
export const INTERACTIONS_ON_PAGE = 10;
export const LIST_SIZE = 50;

const gatewayCompanyPage = `query CompanyPage($id: UUID!) {
  company(id: $id) {
    id
    name
    companyNumber
    website
    contacts(first: ${CONTACTS_ON_PAGE}, orderBy: [{ field: CREATED_ON, direction: DESC }]) {
      edges { node { id firstName lastName email } }
    }
    interactions(first: ${INTERACTIONS_ON_PAGE}, orderBy: [{ field: DATE, direction: DESC }]) {
      edges {
        node {
          id
          subject
          date
          participants { adviser { id firstName lastName team { id name } } }
        }
      }
    }
  }
}`;

// PostGraphile's Amber preset names the primary key column `rowId` (`id` is its global Node id), so it
// is aliased back to `id`. The gateway always breaks ties by id ascending; PostGraphile is told the
// same explicitly.
const postgraphileCompanyPage = `query CompanyPage($id: UUID!) {
  company(rowId: $id) {
    id: rowId
    name
    companyNumber
    website
    contacts(first: ${CONTACTS_ON_PAGE}, orderBy: [CREATED_ON_DESC, ROW_ID_ASC]) {
      edges { node { id: rowId firstName lastName email } }
    }
    interactions(first: ${INTERACTIONS_ON_PAGE}, orderBy: [DATE_DESC, ROW_ID_ASC]) {
      edges {
        node {
          id: rowId
          subject
          date
          participants: interactionDitParticipants {
            nodes { adviser { id: rowId firstName lastName team: ditTeam { id: rowId name } } }
          }
        }
      }
    }
  }
}`;

const gatewayCompanyList = `query CompanyList($country: UUID!) {
  companies(
    first: ${LIST_SIZE}
    filter: { addressCountryId: { eq: $country }, archived: { eq: false } }
    orderBy: [{ field: NAME, direction: ASC }]
  ) {
    edges { node { id name companyNumber address { town postcode } sector { id name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const postgraphileCompanyList = `query CompanyList($country: UUID!) {
  companies(
    first: ${LIST_SIZE}
    filter: { addressCountryId: { equalTo: $country }, archived: { equalTo: false } }
    orderBy: [NAME_ASC, ROW_ID_ASC]
  ) {
    edges { node { id: rowId name companyNumber addressTown addressPostcode sector { id: rowId name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const GRAPHQL: Record<Exclude<ServerName, 'raw'>, Record<QueryName, string>> = {
  gateway: { 'company-page': gatewayCompanyPage, 'company-list': gatewayCompanyList, 'project-page': gatewayProjectPage },
  postgraphile: { 'company-page': postgraphileCompanyPage, 'company-list': postgraphileCompanyList, 'project-page': postgraphileProjectPage },
};

export type Subjects = { companyId: string; ukCountryId: string; project: { id: string } };

export function variablesFor(query: QueryName, subjects: Subjects): Record<string, unknown> {
  if (query === 'project-page') return { id: subjects.project.id };
  return query === 'company-page' ? { id: subjects.companyId } : { country: subjects.ukCountryId };
}

/** The request body a server is sent for an operation. */
export function requestBody(server: ServerName, query: QueryName, subjects: Subjects): string {
  const text = server === 'raw' ? undefined : GRAPHQL[server][query];
  return JSON.stringify({ operationName: OPERATION[query], query: text, variables: variablesFor(query, subjects) });
}

// --- the raw handler's statements ----------------------------------------------------------------

/**
 * One statement per operation that builds the whole response (the gateway's JSON shape) in PostgreSQL
 * and returns it as text: the Node side only passes the string through.
 */
export const RAW_SQL: Record<QueryName, string> = {
  'company-page': `
select json_build_object('data', json_build_object('company', (
  select json_build_object(
    'id', c.id,
    'name', c.name,
    'companyNumber', c.company_number,
    'website', c.website,
    'contacts', json_build_object('edges', coalesce((
      select json_agg(json_build_object('node', json_build_object(
               'id', ct.id, 'firstName', ct.first_name, 'lastName', ct.last_name, 'email', ct.email))
             order by ct.created_on desc, ct.id)
        from (select * from contact where company_id = c.id order by created_on desc, id limit ${CONTACTS_ON_PAGE}) ct
    ), '[]'::json)),
    'interactions', json_build_object('edges', coalesce((
      select json_agg(json_build_object('node', json_build_object(
               'id', i.id, 'subject', i.subject, 'date', i.date,
               'participants', coalesce((
                 select json_agg(json_build_object('adviser', json_build_object(
                          'id', a.id, 'firstName', a.first_name, 'lastName', a.last_name,
                          'team', case when t.id is null then null else json_build_object('id', t.id, 'name', t.name) end))
                        order by p.id)
                   from interaction_dit_participant p
                   join adviser a on a.id = p.adviser_id
                   left join metadata_team t on t.id = a.dit_team_id
                  where p.interaction_id = i.id
               ), '[]'::json)))
             order by i.date desc, i.id)
        from (select * from interaction where company_id = c.id order by date desc, id limit ${INTERACTIONS_ON_PAGE}) i
    ), '[]'::json))
  )
  from company c where c.id = $1
)))::text`,
  'company-list': `
select json_build_object('data', json_build_object('companies', json_build_object(
  'edges', coalesce(json_agg(json_build_object('node', json_build_object(
             'id', p.id, 'name', p.name, 'companyNumber', p.company_number,
             'address', json_build_object('town', p.address_town, 'postcode', p.address_postcode),
             'sector', case when s.id is null then null else json_build_object('id', s.id, 'name', s.name) end))
           order by p.rn) filter (where p.rn <= ${LIST_SIZE}), '[]'::json),
  'pageInfo', json_build_object(
    'hasNextPage', count(*) > ${LIST_SIZE},
    'endCursor', (array_agg(translate(encode(convert_to(json_build_array(p.name, p.id)::text, 'utf8'), 'base64'), E'\\n', '')
                            order by p.rn desc) filter (where p.rn <= ${LIST_SIZE}))[1])
)))::text
from (
  select c.*, row_number() over (order by c.name, c.id) as rn
    from (select id, name, company_number, address_town, address_postcode, sector_id
            from company
           where address_country_id = $1 and archived = false
           order by name, id
           limit ${LIST_SIZE + 1}) c
) p
left join metadata_sector s on s.id = p.sector_id`,
  'project-page': rawProjectPage,
};

export const RAW_PARAMS: Record<QueryName, (variables: Record<string, any>) => unknown[]> = {
  'company-page': (v) => [v.id],
  'company-list': (v) => [v.country],
  'project-page': (v) => [v.id],
};

// --- comparing answers ---------------------------------------------------------------------------

type Json = any;

const byAdviserId = (a: Json, b: Json) => String(a?.adviser?.id).localeCompare(String(b?.adviser?.id));

/**
 * The answer as data to compare: the gateway's shape, cursors dropped (each server has its own
 * opaque cursor format), participants sorted by adviser id (their order is not part of the spec).
 */
export function canonical(server: ServerName, query: QueryName, body: Json): Json {
  const data = body?.data;
  if (!data) return data;
  if (query === 'project-page') return canonicalProjectPage(server, data);
  if (query === 'company-page') {
    const company = data.company;
    if (!company) return { company };
    const interactions = (company.interactions?.edges ?? []).map((e: Json) => {
      const n = e.node;
      const participants = server === 'postgraphile' ? n.participants?.nodes : n.participants;
      return { ...n, participants: [...(participants ?? [])].sort(byAdviserId) };
    });
    return { company: { ...company, contacts: company.contacts?.edges?.map((e: Json) => e.node), interactions } };
  }
  const connection = data.companies;
  const nodes = (connection?.edges ?? []).map((e: Json) => {
    const n = e.node;
    if (server !== 'postgraphile') return n;
    const { addressTown, addressPostcode, ...rest } = n;
    return { ...rest, address: { town: addressTown, postcode: addressPostcode } };
  });
  return { companies: nodes, hasNextPage: connection?.pageInfo?.hasNextPage };
}

/** The first difference between two JSON values, as a path and the two values; undefined when equal. */
export function firstDifference(a: Json, b: Json, path = '$'): { path: string; left: Json; right: Json } | undefined {
  if (a === b) return undefined;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object' || Array.isArray(a) !== Array.isArray(b)) {
    return { path, left: a, right: b };
  }
  if (Array.isArray(a)) {
    if (a.length !== b.length) return { path: `${path}.length`, left: a.length, right: b.length };
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of [...keys].sort()) {
    const d = firstDifference(a[key], b[key], `${path}.${key}`);
    if (d) return d;
  }
  return undefined;
}

/** What the answer holds, for the report: ids in order. */
export function summary(query: QueryName, data: Json): Record<string, unknown> {
  if (query === 'project-page') return summaryProjectPage(data);
  if (query === 'company-page') {
    const c = data?.company;
    return {
      company: c?.id,
      contactIds: c?.contacts?.map((x: Json) => x.id),
      interactionIds: c?.interactions?.map((x: Json) => x.id),
      participants: c?.interactions?.reduce((n: number, x: Json) => n + x.participants.length, 0),
    };
  }
  return { companies: data?.companies?.length, first: data?.companies?.[0]?.name, last: data?.companies?.at(-1)?.name, hasNextPage: data?.hasNextPage };
}
