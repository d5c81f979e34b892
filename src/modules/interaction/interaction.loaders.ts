import { embeddedObjectColumn, idIn, jsonRowSql, query, sqlJoin, withEmbeds, type Embed, type Row, type Sql } from '../../db/read-model.js';
import { adviserModel, teamModel } from '../adviser/index.js';
import { metadataModels } from '../metadata/index.js';
import type { Context } from '../../graphql/context.js';
import { groupByOwner } from '../../graphql/loaders.js';

/** A participant as the resolvers get it: the adviser and team rows ride along under `__o_adviser` and `__o_team`. */
export type ParticipantRow = { id: string; adviserId: string; teamId: string | null };

/** Orders participants by their adviser's name; a LATERAL fenced with OFFSET 0 is one index lookup each (see below). */
const BY_ADVISER_NAME = `cross join lateral (select a.last_name, a.first_name from adviser a where a.id = p.adviser_id offset 0) an`;

/**
 * Participants with their adviser, the adviser's team and their own team as JSON (`__adviser`,
 * `__adviserTeam`, `__team`), ordered by the adviser's name, for the loader: a participant is hardly ever
 * shown without them. Each lookup is a LATERAL fenced with OFFSET 0, so the planner does one index lookup per
 * participant instead of hashing the whole adviser and team tables on every call (0.27 ms vs 0.6 ms).
 */
function participantsSql(where: Sql, extraColumns = ''): Sql {
  return {
    text: `select p.id as "id", p.adviser_id as "adviserId", p.team_id as "teamId"${extraColumns},
                  a.j as "__adviser", at.j as "__adviserTeam", pt.j as "__team"
             from interaction_dit_participant p
            cross join lateral (select a.last_name, a.first_name, a.dit_team_id, ${jsonRowSql(adviserModel, 'a')} as j
                                  from adviser a where a.id = p.adviser_id offset 0) a
             left join lateral (select ${jsonRowSql(teamModel, 't')} as j from metadata_team t where t.id = a.dit_team_id offset 0) at on true
             left join lateral (select ${jsonRowSql(teamModel, 't')} as j from metadata_team t where t.id = p.team_id offset 0) pt on true
            where ${where.text} order by a.last_name, a.first_name, p.id`,
    params: where.params,
  };
}

/**
 * The participants of one interaction as a JSON array, for its parent's statement (look-ahead), ordered by the
 * adviser's name, with only the adviser and team rows the selection asks for, and only their selected columns
 * (`nested`, planned by src/graphql/lookahead.ts), where `related()` finds them: the full rows of every
 * participant were three quarters of a company page's JSON.
 */
export function participantsJsonSql(parent: string, nested: Embed[]): Sql {
  const inner: Sql = {
    text: `select p.id as "id", p.adviser_id as "adviserId", p.team_id as "teamId",
                  row_number() over (order by an.last_name, an.first_name, p.id) as "__rn"
             from interaction_dit_participant p ${BY_ADVISER_NAME}
            where p.interaction_id = ${parent}."id"`,
    params: [],
  };
  return sqlJoin([`(select coalesce(json_agg(x order by x."__rn"), '[]'::json) from (`, withEmbeds(inner, nested), ') x)']);
}

/**
 * Hands each participant its adviser and team for the field resolvers (returned synchronously) and primes
 * the by-id loaders with them for any other lookup in the request.
 */
export function hydrateParticipants(ctx: Context, rows: Row[]): ParticipantRow[] {
  const advisers = ctx.loaders.byId(adviserModel);
  const teams = ctx.loaders.byId(teamModel);
  for (const row of rows) {
    const { __adviser: adviser, __adviserTeam: adviserTeam, __team: team } = row;
    if (!adviser) continue; // hydrated already
    adviser[embeddedObjectColumn('team')] = adviserTeam;
    row[embeddedObjectColumn('adviser')] = adviser;
    row[embeddedObjectColumn('team')] = team;
    delete row.__adviser;
    delete row.__adviserTeam;
    delete row.__team;
    delete row.__rn;
    advisers.prime(adviser.id, adviser);
    if (adviserTeam) teams.prime(adviserTeam.id, adviserTeam);
    if (team) teams.prime(team.id, team);
  }
  return rows as ParticipantRow[];
}

/** The participants of each interaction; one statement per batch of interactions. */
export function participantRows(ctx: Context, interactionId: string): Promise<ParticipantRow[]> {
  return ctx.loaders
    .custom<string, ParticipantRow[]>('interaction:participants', async (ids) => {
      const rows = await query(ctx.em, participantsSql(idIn('p.interaction_id', ids), ', p.interaction_id as "__owner"'));
      return groupByOwner(ids, hydrateParticipants(ctx, rows)) as ParticipantRow[][];
    })
    .load(interactionId);
}

/** The companies' interactions that count for "latest": not archived (those were entered in error or are duplicates). */
const LATEST_FROM = 'interaction_company ic join interaction i on i.id = ic.interaction_id where not i.archived';

/**
 * The date of each company's latest interaction, of those it is one of the companies of, one grouped
 * statement per batch of companies (when the company's own statement did not embed it: `latestDateSql`).
 */
export function latestInteractionDate(ctx: Context, companyId: string): Promise<string | null> {
  return ctx.loaders
    .custom<string, string | null>('interaction:latestDateByCompany', async (ids) => {
      const match = idIn('ic.company_id', ids);
      const rows = await query(ctx.em, {
        text: `select ic.company_id as "companyId", to_char(max(i.date), 'YYYY-MM-DD') as "date" from ${LATEST_FROM} and ${match.text} group by ic.company_id`,
        params: match.params,
      });
      const dates = new Map(rows.map((r) => [r.companyId, r.date]));
      return ids.map((id) => dates.get(id) ?? null);
    })
    .load(companyId);
}

/** The same date inside the company's own statement (the look-ahead's `value` embed), as ISO text. */
export const latestDateSql = (parent: string): Sql => ({
  text: `(select to_char(max(i.date), 'YYYY-MM-DD') from ${LATEST_FROM} and ic.company_id = ${parent}."id")`,
  params: [],
});

/** A country discussed on an interaction, as the resolvers get it (the country rides along when embedded). */
export type InteractionCountryRow = { id: string; countryId: string; status: string };

/** The countries discussed on each interaction, by country name, with the country as JSON (`__o_country`). */
function exportCountriesSql(where: Sql, extraColumns = ''): Sql {
  return {
    text: `select e.id as "id", e.country_id as "countryId", e.status as "status"${extraColumns},
                  ${jsonRowSql(metadataModels.country, 'c')} as "${embeddedObjectColumn('country')}"
             from interaction_export_country e join metadata_country c on c.id = e.country_id
            where ${where.text} order by c.name, e.id`,
    params: where.params,
  };
}

/** The countries discussed on one interaction as a JSON array, for its parent's statement (look-ahead). */
export function exportCountriesJsonSql(parent: string): Sql {
  const inner = exportCountriesSql({ text: `e.interaction_id = ${parent}."id"`, params: [] }, ', row_number() over (order by c.name, e.id) as "__rn"');
  return { text: `(select coalesce(json_agg(x order by x."__rn"), '[]'::json) from (${inner.text}) x)`, params: inner.params };
}

/** The countries discussed on each interaction when its statement did not embed them; one statement per batch. */
export function exportCountryRows(ctx: Context, interactionId: string): Promise<InteractionCountryRow[]> {
  return ctx.loaders
    .byOwner('interaction:exportCountries', (ids) => exportCountriesSql(idIn('e.interaction_id', ids), ', e.interaction_id as "__owner"'))
    .load(interactionId) as Promise<InteractionCountryRow[]>;
}
