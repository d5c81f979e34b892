import fs from 'node:fs';
import fc from 'fast-check';
import { buildSchema, getNamedType, getNullableType, isEnumType, isInputObjectType, isNonNullType, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { ApiClient } from '../../src/auth/api-client.entity.js';
import { issueClientCredential } from '../../src/auth/clients.js';
import { createAdviserToken } from '../../src/auth/tokens.js';
import { createAdviser } from '../../src/modules/adviser/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCaller, createClientCaller } from '../helpers/callers.js';
import { companyInput, contactInput, createCompany, createContact, interactionInput, REFS } from '../helpers/factories.js';
import { describeRequest, Draw, fuzzRequest, toJson, type Caller, type FuzzRequest, type Pools } from '../helpers/fuzz.js';

/**
 * Issue 10's guard: requests generated from schema/schema.graphql — every root field, valid and invalid
 * arguments, wrong types, huge and empty values, deep filters, real and tampered cursors, odd Unicode, odd
 * operation names, several operations — sent over HTTP as a superuser and as partner clients. Whatever
 * is sent, the gateway must answer: no 5xx, no INTERNAL_SERVER_ERROR, a code on every error, still up
 * afterwards, and a mutation that failed wrote nothing.
 *
 * Seeded: FUZZ_SEED (default below); to replay one failure, FUZZ_SEED and FUZZ_PATH as fast-check prints
 * them (the first number of the path, the run, is enough). FUZZ_RUNS and FUZZ_TIME_MS bound the run: the
 * time budget can only stop it early, as a pass, and no check looks at how long anything took. On failure
 * the report has the request (operation, variables, operationName, caller), the response and what the
 * server logged. FUZZ_COLLECT=1 runs every case and lists each kind of failure once, instead of stopping
 * and shrinking at the first. FUZZ_LOG=<file> appends every request and the start of its response to it.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_210);
const RUNS = Number(process.env.FUZZ_RUNS ?? 800);
const TIME_MS = Number(process.env.FUZZ_TIME_MS ?? 30_000);
const COLLECT = process.env.FUZZ_COLLECT === '1';

/** The tables a failed mutation must leave alone, each hashed in one statement. */
const TABLES = [
  'company',
  'contact',
  'interaction',
  'interaction_contact',
  'interaction_dit_participant',
  'interaction_policy_area',
  'interaction_policy_issue_type',
  'company_export_country',
  'company_export_country_history',
  'audit_event',
  'api_client',
  'api_token',
  'search_outbox',
];
const CHECKSUM = `select ${TABLES.map((t) => `(select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from "${t}" t) as "${t}"`).join(', ')}`;

const schema = buildSchema(fs.readFileSync('schema/schema.graphql', 'utf8'));

let app: TestApp;
let pools: Pools;
const tokens: Record<Caller, string | null> = { admin: null, reader: null, writer: null, anonymous: null, 'unknown-token': 'crm_adv_nonsense' };
/** The liveness check's own superuser token, and the callers' credentials, which no generated request can name. */
let liveToken: string;
const protectedTokens: string[] = [];

/**
 * The gateway's log lines (its logger writes JSON lines to stderr; Apollo Server logs through console):
 * collected, so a failure can show what the server said.
 */
const serverLog: string[] = [];
const realWrite = process.stderr.write.bind(process.stderr);
const realConsole = { error: console.error, warn: console.warn };

beforeAll(async () => {
  const setupStart = Date.now();
  process.stderr.write = ((chunk: any, ...rest: any[]) => {
    const text = String(chunk);
    if (text.startsWith('{"time"')) {
      serverLog.push(text.trim());
      return true;
    }
    return (realWrite as any)(chunk, ...rest);
  }) as typeof process.stderr.write;
  console.error = (...args: unknown[]) => void serverLog.push(`console.error: ${args.map(String).join(' ')}`);
  console.warn = (...args: unknown[]) => void serverLog.push(`console.warn: ${args.map(String).join(' ')}`);
  // No rate limit: a token bucket would make the answers depend on how fast the machine is.
  const defaults = loadConfig({ NODE_ENV: 'test' }).limits;
  app = await createTestApp({
    logLevel: 'error',
    limits: { adviser: { ...defaults.adviser, ratePerMinute: 0 }, client: { ...defaults.client, ratePerMinute: 0 } },
  });
  tokens.admin = app.token;
  const t0 = Date.now();
  await seedData();
  const t1 = Date.now();
  pools = await loadPools();
  console.log(`fuzz setup: app ${t0 - setupStart} ms, data ${t1 - t0} ms, pools ${Date.now() - t1} ms`);
}, 120_000);

afterAll(async () => {
  await app?.close();
  process.stderr.write = realWrite;
  Object.assign(console, realConsole);
});

/** A small CRM: headquarters and subsidiaries, odd names, contacts, interactions, export countries, archived rows, partner clients. */
async function seedData() {
  const em = app.orm.em.fork();
  const advisers = [];
  for (const [i, name] of ['Fuzz Adviser', 'Ádvîsér Ünïcödé'].entries()) {
    advisers.push(await createAdviser(em, { email: `adviser.${i}@fuzz.example`, name }));
  }
  const ghq = await createCompany(app, { name: 'Fuzz Global Holdings', headquarterTypeId: REFS.ghq });
  const companies = [ghq];
  const names = ['Acme Trading Ltd', 'Ünïcödé GmbH', 'شركة التجارة', '東京株式会社', 'Emoji 😀 Ltd', "O'Brien & Sons %_"];
  for (const [i, name] of names.entries()) companies.push(await createCompany(app, { name, globalHeadquartersId: i % 2 ? ghq.id : undefined }));
  const [area] = await app.sql<{ id: string }>('select id from metadata_administrative_area where country_id = ? and disabled_on is null order by name limit 1', [REFS.us]);
  companies.push(
    await createCompany(app, {
      name: 'Fuzz Americas Inc',
      ukRegionId: undefined,
      address: { line1: '1 Broadway', town: 'New York', postcode: '10004', areaId: area.id, countryId: REFS.us },
    }),
  );
  const contacts = [];
  for (const company of companies.slice(0, 4)) {
    contacts.push({ company, ...(await createContact(app, company.id, { firstName: 'Ada', lastName: `Fuzz ${company.name}` })) });
    contacts.push({ company, ...(await createContact(app, company.id, { firstName: 'Zoë', lastName: 'Ünïcödé', jobTitle: '\u202eRTL' })) });
  }
  for (const [i, contact] of contacts.slice(0, 4).entries()) {
    const input = await interactionInput(app, contact.company.id, contact.id, advisers[i % 2].id);
    const res = await app.gql('mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id } }', {
      input: { ...input, subject: `Fuzz interaction ${i}`, date: `2026-01-1${i}` },
    });
    if (res.body.errors) throw new Error(`createInteraction failed: ${JSON.stringify(res.body.errors)}`);
  }
  for (const company of companies.slice(0, 2)) {
    const res = await app.gql('mutation($id: UUID!, $list: [CompanyExportCountryInput!]!) { updateCompanyExportCountries(id: $id, exportCountries: $list) { id } }', {
      id: company.id,
      list: [
        { countryId: REFS.us, status: 'CURRENTLY_EXPORTING' },
        { countryId: REFS.france, status: 'FUTURE_INTEREST' },
      ],
    });
    if (res.body.errors) throw new Error(`updateCompanyExportCountries failed: ${JSON.stringify(res.body.errors)}`);
  }
  for (const [mutation, id, table] of [
    ['archiveCompany', companies.at(-2)!.id, 'company'],
    ['archiveContact', contacts.at(-1)!.id, 'contact'],
  ] as const) {
    const before = await checksum();
    const res = await app.gql(`mutation($id: UUID!) { ${mutation}(id: $id, reason: "Fuzz archived") { id } }`, { id });
    if (res.body.errors) throw new Error(`${mutation} failed: ${JSON.stringify(res.body.errors)}`);
    // The checksum sees a write (else the check on failed mutations below would prove nothing).
    const after = await checksum();
    if (before[table] === after[table] || before.audit_event === after.audit_event) throw new Error(`the checksum did not change after ${mutation}`);
  }
  const reader = await createClientCaller(app, { name: 'Fuzz reader', scopes: ['company:read', 'contact:read', 'metadata', 'public_company'] });
  const writer = await createClientCaller(app, {
    name: 'Fuzz writer',
    scopes: ['company:read', 'company:write', 'contact:read', 'contact:pii', 'contact:write', 'interaction:read', 'interaction:write', 'search:read', 'introspection'],
  });
  tokens.reader = reader.token;
  tokens.writer = writer.token;
  // Credentials the fuzzer may revoke: one of an adviser's, one of a client's. Its callers' own are kept out of its reach.
  await createAdviserToken(em, advisers[0], { days: 1 });
  await issueClientCredential(em, (await em.findOne(ApiClient, { id: reader.clientId }))!, { days: 1 });
  const alive = await createCaller(app, { superuser: true, name: 'Fuzz Liveness' });
  liveToken = alive.token;
  protectedTokens.push(reader.tokenId, writer.tokenId, ...(await app.sql<{ id: string }>('select id from api_token where adviser_id in (?, ?)', [app.adminId, alive.id])).map((r) => r.id));
  await app.settleSearch();
}

/** Ids by kind, in an order that does not depend on the random ids, and cursors from many lists and orderings. */
async function loadPools(): Promise<Pools> {
  const ids: Record<string, string[]> = {};
  const tables: Record<string, string> = {
    company: 'select id from company order by name',
    contact: 'select id from contact order by last_name, first_name, email',
    interaction: 'select id from interaction order by subject',
    adviser: 'select id from adviser order by email',
    apiClient: 'select id from api_client order by name',
    apiToken: `select id from api_token where id not in (${protectedTokens.map((id) => `'${id}'`).join(', ')}) order by created_on, expires_on`,
    team: 'select id from metadata_team order by id limit 5',
    country: `(select id from metadata_country where id in ('${REFS.uk}', '${REFS.us}', '${REFS.france}') order by id) union all (select id from metadata_country where disabled_on is not null order by id limit 1)`,
  };
  const reference = ['sector', 'business_type', 'uk_region', 'administrative_area', 'employee_range', 'turnover_range', 'headquarter_type', 'one_list_tier', 'title', 'communication_channel', 'policy_area', 'policy_issue_type', 'service', 'service_delivery_status'];
  for (const table of reference) {
    const kind = table.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
    tables[kind] = `(select id from metadata_${table} where disabled_on is null order by id limit 4) union all (select id from metadata_${table} where disabled_on is not null order by id limit 1)`;
  }
  for (const [kind, sql] of Object.entries(tables)) ids[kind] = (await app.sql<{ id: string }>(sql)).map((r) => r.id);
  ids.any = Object.values(ids).flatMap((list) => list.slice(0, 3));

  // Cursors: every connection of the Query type, in its default order and two others, and nested ones.
  const cursors: Pools['cursors'] = [];
  const query = schema.getQueryType()!;
  for (const field of Object.values(query.getFields())) {
    const type = getNamedType(field.type) as GraphQLObjectType;
    if (!('getFields' in type) || !type.getFields().edges) continue;
    const args: string[] = [];
    for (const arg of field.args) {
      if (arg.name === 'term') args.push('term: "fuzz"');
      else if (isNonNullType(arg.type) && arg.defaultValue === undefined) args.push(`${arg.name}: ${isEnumType(getNamedType(arg.type)) ? (getNamedType(arg.type) as any).getValues()[0].name : '"fuzz"'}`);
    }
    const orderArg = field.args.find((a) => a.name === 'orderBy');
    const orderings: Array<[string, number]> = [['', 3]];
    const orderInput = orderArg && getNamedType(orderArg.type);
    if (orderInput && isInputObjectType(orderInput)) {
      const fieldEnum = getNullableType(orderInput.getFields().field.type);
      if (isEnumType(fieldEnum)) {
        const values = fieldEnum.getValues().map((v) => v.name);
        const second = values.length > 1 ? `, { field: ${values[0]} }` : '';
        orderings.push(
          [`orderBy: [{ field: ${values[0]}, direction: DESC }]`, 3],
          [`orderBy: [{ field: ${values.at(-1)}, direction: ASC }${second}]`, 3],
        );
        // The longest ordering a list allows (each field once): its next page compares every key.
        if (!field.args.some((a) => a.name === 'term')) {
          orderings.push([`orderBy: [${values.map((v, i) => `{ field: ${v}, direction: ${i % 2 ? 'DESC' : 'ASC'} }`).join(', ')}]`, 1]);
        }
      }
    }
    for (const [ordering, first] of orderings) {
      const res = await app.gql(`{ list: ${field.name}(${[`first: ${first}`, ...args, ordering].filter(Boolean).join(', ')}) { edges { cursor } } }`);
      if (res.body.errors) throw new Error(`collecting cursors of ${field.name}: ${JSON.stringify(res.body.errors)}`);
      cursors.push(...res.body.data.list.edges.map((e: { cursor: string }) => ({ list: field.name, ordering, cursor: e.cursor })));
    }
  }
  const nested = await app.gql(`{ companies(first: 3, orderBy: [{ field: NAME }]) { edges { node {
    contacts(first: 2) { edges { cursor } } interactions(first: 2) { edges { cursor } } subsidiaries(first: 2) { edges { cursor } } } } } }`);
  if (nested.body.errors) throw new Error(`collecting nested cursors: ${JSON.stringify(nested.body.errors)}`);
  for (const edge of nested.body.data.companies.edges) {
    for (const list of ['contacts', 'interactions', 'subsidiaries']) {
      cursors.push(...edge.node[list].edges.map((e: { cursor: string }) => ({ list, ordering: '', cursor: e.cursor })));
    }
  }
  if (cursors.length < 20) throw new Error(`only ${cursors.length} cursors collected`);
  // Valid inputs, which the generator sends as they are or with a field or two changed.
  const [company] = ids.company;
  const [contact] = await app.sql<{ id: string; companyId: string }>('select id, company_id as "companyId" from contact where archived = false order by last_name, first_name limit 1');
  const templates: Pools['templates'] = {
    CompanyCreateInput: await companyInput(app, { name: 'Fuzz Template Ltd' }),
    CompanyUpdateInput: { name: 'Fuzz Renamed Ltd', website: 'https://example.com' },
    AddressInput: { line1: '2 High Street', town: 'London', postcode: 'SW1A 2AA', countryId: REFS.uk },
    ContactCreateInput: contactInput(company, { companyId: contact.companyId, firstName: 'Fuzz', lastName: 'Template', email: 'fuzz.template@example.com' }),
    ContactUpdateInput: { jobTitle: 'Fuzz Director', primary: true },
    InteractionCreateInput: await interactionInput(app, contact.companyId, contact.id),
    InteractionUpdateInput: { subject: 'Fuzz follow-up', notes: 'Fuzz notes' },
    CompanyExportCountryInput: { countryId: REFS.us, status: 'CURRENTLY_EXPORTING' },
    CreateApiClientInput: { name: 'Fuzz client', scopes: ['metadata', 'company:read'] },
  };
  const words = ['Fuzz', 'Acme', 'Ünïcödé', 'شركة', '東京', '😀', "O'Brien", 'London', 'SW1A', 'ada', 'Trading Ltd', 'a', 'fuz', 'Interaction'];
  return { ids, cursors, words, templates, scopes: ['company:read', 'contact:read', 'contact:pii', 'metadata', 'public_company', 'introspection', 'search:read', 'interaction:write', 'not-a-scope'] };
}

type Response = { status: number; text: string; body?: any; dropped?: string; sent: number };

async function send(request: FuzzRequest): Promise<Response> {
  const token = tokens[request.caller];
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  let init: RequestInit;
  let search = '';
  if (request.kind === 'graphql') {
    const body: Record<string, unknown> = { query: request.query };
    if (request.variables !== undefined) body.variables = request.variables;
    if (request.operationName !== undefined) body.operationName = request.operationName;
    init = { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: toJson(body) };
  } else {
    search = request.search ?? '';
    const body = request.body === undefined ? undefined : request.binary ? Buffer.from(request.body, 'latin1') : request.body;
    init = { method: request.method, headers: { ...headers, ...request.headers, ...(request.contentType ? { 'content-type': request.contentType } : {}) }, body };
  }
  const sent = init.body === undefined ? 0 : Buffer.byteLength(init.body as string | Buffer);
  try {
    const res = await fetch(`${app.url}/graphql${search}`, init);
    const text = await res.text();
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: res.status, text, body, sent };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { status: 0, text: '', sent, dropped: `${String(error)}${cause ? ` (${cause.code ?? ''} ${cause.message ?? ''})` : ''}` };
  }
}

/** What is wrong with a response, whatever the request was. */
function responseProblems(res: Response): string[] {
  if (res.dropped) return [`the connection was dropped: ${res.dropped}`];
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`HTTP ${res.status}`);
  if (!res.body || typeof res.body !== 'object' || Array.isArray(res.body)) return [...problems, `the body is not a JSON object (HTTP ${res.status})`];
  const errors = res.body.errors;
  if (errors !== undefined && !Array.isArray(errors)) problems.push('errors is not a list');
  if (errors === undefined && !('data' in res.body)) problems.push('neither data nor errors');
  for (const error of Array.isArray(errors) ? errors : []) {
    const code = error?.extensions?.code;
    if (typeof code !== 'string' || !code) problems.push(`an error without extensions.code: ${String(error?.message).slice(0, 200)}`);
    else if (code === 'INTERNAL_SERVER_ERROR') problems.push(`INTERNAL_SERVER_ERROR at ${JSON.stringify(error.path ?? null)}`);
  }
  return problems;
}

/** Whether the request can write: a mutation in its document (or its raw body or query string). */
const mayWrite = (request: FuzzRequest) =>
  request.kind === 'graphql' ? !!request.mutation : /mutation/.test(`${request.search ?? ''}${request.body?.slice(0, 10_000) ?? ''}`);

/** A failure in the mutation itself (or before it ran), not in the selection under its result: then it must have written nothing. */
const mutationFailed = (res: Response) =>
  Array.isArray(res.body?.errors) && res.body.errors.some((e: any) => !Array.isArray(e?.path) || e.path.length <= 1);

const checksum = async () => (await app.sql(CHECKSUM))[0] as Record<string, string>;

/** Digits, ids and quoted values out, so one kind of failure reads the same in every case. */
const normalise = (text: string) =>
  text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
    .replace(/"[^"]{40,}"/g, '"…"')
    .replace(/\d+/g, 'N')
    .slice(0, 300);

const cut = (text: string, max = 2_000) => (text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text);

type Finding = { signature: string; report: string };

/** Sends one request and returns what went wrong (nothing, usually). */
async function check(request: FuzzRequest): Promise<Finding | undefined> {
  const logMark = serverLog.length;
  const before = mayWrite(request) ? await checksum() : undefined;
  const res = await send(request);
  const problems = responseProblems(res);
  if (before && (res.dropped || res.status >= 400 || mutationFailed(res))) {
    const after = await checksum();
    const changed = TABLES.filter((t) => before[t] !== after[t]);
    if (changed.length) problems.push(`a mutation that failed changed rows of ${changed.join(', ')}`);
  }
  const alive = await app.gql('{ __typename }', {}, liveToken);
  if (alive.status !== 200 || alive.body?.data?.__typename !== 'Query') problems.push(`the server no longer answers { __typename }: HTTP ${alive.status} ${JSON.stringify(alive.body).slice(0, 300)}`);
  stats.set(outcome(res), (stats.get(outcome(res)) ?? 0) + 1);
  if (process.env.FUZZ_LOG) fs.appendFileSync(process.env.FUZZ_LOG, `${describeRequest(request)}\n=> ${outcome(res)} ${cut(res.text, 400)}\n\n`);
  if (!problems.length) return undefined;
  const log = serverLog.slice(logMark);
  const firstLog = log.map((line) => {
    try {
      const entry = JSON.parse(line);
      return `${entry.msg}: ${entry.error?.message ?? String(entry.error ?? '').split('\n')[0]}`;
    } catch {
      return line;
    }
  })[0];
  const field = request.kind === 'graphql' ? (/\bf0: (\w+)/.exec(request.query)?.[1] ?? request.query.slice(0, 40)) : request.about;
  return {
    signature: normalise(`${problems.join('; ')} | ${firstLog ?? field}`),
    report: [
      ...problems.map((p) => `✗ ${p}`),
      `--- request (a body of ${res.sent} bytes)`,
      describeRequest(request),
      '--- response',
      res.dropped ? '(none: connection dropped)' : `HTTP ${res.status} ${cut(res.text)}`,
      '--- server log',
      log.length ? log.map((l) => cut(l, 3_000)).join('\n') : '(nothing)',
    ].join('\n'),
  };
}

/** How the responses went, for the summary: the first error's code, or OK. */
const stats = new Map<string, number>();
const outcome = (res: Response) => (res.dropped ? 'DROPPED' : `${res.status} ${res.body?.errors?.[0]?.extensions?.code ?? (res.body?.errors ? 'NO_CODE' : 'OK')}`);

describe('fuzzing the gateway from its schema', () => {
  it(
    'answers every generated request with a coded error or data, stays up, and a failed mutation writes nothing',
    async () => {
      const findings = new Map<string, { count: number; report: string }>();
      let runs = 0;
      const started = Date.now();
      let failed = false;
      console.log(`fuzz: seed ${SEED}, up to ${RUNS} runs within ${TIME_MS} ms (FUZZ_SEED=${SEED}${process.env.FUZZ_PATH ? ` FUZZ_PATH=${process.env.FUZZ_PATH}` : ''})`);
      try {
        await fc.assert(
          fc.asyncProperty(fc.gen(), async (g) => {
            runs++;
            const request = fuzzRequest(new Draw(g), schema, pools);
            const finding = await check(request);
            if (!finding) return;
            if (!COLLECT) throw new Error(`\n${finding.report}`);
            const known = findings.get(finding.signature);
            if (known) known.count++;
            else findings.set(finding.signature, { count: 1, report: finding.report });
          }),
          {
            seed: SEED,
            // fast-check prints the failing path as "run:shrink:shrink…"; a property drawing with fc.gen() replays
            // from the run alone (the shrink steps follow from it), so only the run is kept.
            path: process.env.FUZZ_PATH?.split(':')[0] || undefined,
            numRuns: RUNS,
            plugins: [fc.interruptAfterTimeLimit(TIME_MS)],
            includeErrorInReport: true,
          },
        );
      } catch (error) {
        failed = true;
        throw error;
      } finally {
        const summary = [...stats.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}: ${n}`).join(', ');
        const stopped = !failed && runs < RUNS && !process.env.FUZZ_PATH ? ` (stopped by the ${TIME_MS} ms budget before ${RUNS})` : '';
        console.log(`fuzz: ${runs} requests in ${Date.now() - started} ms${stopped}, seed ${SEED}; responses: ${summary}`);
      }
      if (findings.size) {
        const text = [...findings.entries()].map(([signature, { count, report }], i) => `#${i + 1} (${count}×) ${signature}\n${report}`).join('\n\n');
        console.log(`fuzz: ${findings.size} kinds of failure (seed ${SEED})\n\n${text}`);
      }
      expect([...findings.keys()]).toEqual([]);
    },
    TIME_MS + 90_000,
  );
});
