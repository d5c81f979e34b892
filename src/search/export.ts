import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { GraphQLSchema } from 'graphql';
import { actorOf } from '../audit/actor.js';
import type { ResponseSigner } from '../auth/authenticate.js';
import { hasPermission } from '../auth/permissions.js';
import { rowScope } from '../auth/row-rules.js';
import type { Viewer } from '../auth/viewer.js';
import { pgTextArray } from '../db/bulk.js';
import { query, type Row } from '../db/read-model.js';
import { AppError, notFound } from '../errors.js';
import { signExportLink } from './export-link.js';
import { coerceExportArgs, decodeExportQuery, EXPORT_ARGUMENTS } from './export-args.js';
import type { ExportCaller, SearchMapping } from './mapping.js';
import type { EntitySearchArgs, SearchService } from './search.service.js';
import type { SearchEntity } from './search.types.js';

/**
 * CSV export of an entity search (Data Hub's `POST …/search/<app>/export`): the GraphQL search gives its URL
 * (`exportUrl`), which carries the same term, filters and sort; this endpoint answers it with the same
 * authentication as /graphql, the entity's export permission, at most 5,000 rows from the database in the
 * search's order, and a record in the user-event log.
 */

/**
 * The search's arguments in the URL: `?q=<base64url JSON>`, so one URL reproduces one search; signed for
 * the caller's token, so that it also works as a plain link for a while (src/search/export-link.ts).
 */
export function exportUrl(entity: SearchEntity, args: EntitySearchArgs, viewer: Viewer): string {
  const q = Buffer.from(JSON.stringify(Object.fromEntries(EXPORT_ARGUMENTS.map((name) => [name, args[name] ?? null])))).toString('base64url');
  return signExportLink(`/export/${entity}.csv`, q, viewer);
}

/**
 * One CSV field: quoted when it must be, and a leading = + - @ neutralised with a quote, so a spreadsheet
 * never runs a name as a formula (CSV injection).
 */
export function csvField(value: unknown): string {
  if (value == null) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvLine = (values: unknown[]) => `${values.map(csvField).join(',')}\r\n`;

/** The served schema: an export's arguments are those of the entity's search field in it. */
export type ExportDeps = { services: { search: SearchService }; schema: GraphQLSchema };

/** GET /export/<entity>.csv?q=…, for a caller already admitted (authenticated, allowed address, rate). */
export async function serveExport(
  deps: ExportDeps,
  em: EntityManager,
  viewer: Viewer,
  url: URL,
  res: http.ServerResponse,
  sign?: ResponseSigner,
): Promise<void> {
  const entity = /^\/export\/([a-z]+)\.csv$/.exec(url.pathname)?.[1];
  const mapping: SearchMapping | undefined = entity ? deps.services.search.catalog.find(entity) : undefined;
  if (!mapping?.export) throw notFound('Export', url.pathname);
  if (!hasPermission(viewer, mapping.export.permission)) {
    throw new AppError('FORBIDDEN', `This needs the ${mapping.export.permission} permission.`, { permission: mapping.export.permission });
  }
  // Checked as the GraphQL search checks them: a forged or damaged URL is a coded 400, not a search failure.
  const args = coerceExportArgs(deps.schema, mapping, decodeExportQuery(url));
  const result = await deps.services.search.exportHits(em, viewer, mapping, args);
  const ids = result.hits.map((h) => h.id);
  // The rows in the search's order; a record deleted since it was indexed is simply absent.
  const caller: ExportCaller = { scope: rowScope(viewer), readable: (type, field) => deps.services.search.readable(viewer, type, field) };
  const rows = ids.length
    ? await query(em, mapping.export.rowsSql({ text: 't.id = any(?::uuid[]) order by array_position(?::uuid[], t.id)', params: [pgTextArray(ids), pgTextArray(ids)] }, caller))
    : [];
  const headers = headersOf(mapping);
  const body = Buffer.from([csvLine(headers), ...rows.map((row: Row) => csvLine(headers.map((h) => row[h])))].join(''));
  await em.getConnection().execute(
    'insert into user_event (id, actor_kind, actor_id, actor_name, type, data) values (?, ?, ?, ?, ?, ?)',
    [randomUUID(), ...Object.values(actorOf(viewer)), 'search_export', JSON.stringify({ entity, ...args, rows: rows.length, matched: result.total })],
    'run',
  );
  const fileName = `${mapping.export.fileName}-${new Date().toISOString().slice(0, 10)}.csv`;
  const outHeaders: Record<string, string> = {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${fileName}"`,
    'content-length': String(body.length),
    'x-total-matches': String(result.total),
  };
  if (sign) outHeaders['server-authorization'] = sign({ contentType: 'text/csv', payload: body.toString('utf8') });
  res.writeHead(200, outHeaders);
  // Written in pieces so a slow client reads it as it comes (5,000 rows is about a megabyte at most).
  const CHUNK = 256 * 1024;
  for (let i = 0; i < body.length; i += CHUNK) {
    if (!res.write(body.subarray(i, i + CHUNK))) await new Promise((resolve) => res.once('drain', resolve));
  }
  res.end();
}

/** The column names of an export, from its select list (every column is named `as "Header"`, whoever the caller). */
function headersOf(mapping: SearchMapping): string[] {
  const anyone: ExportCaller = { scope: () => [], readable: () => true };
  return [...mapping.export!.rowsSql({ text: 'false', params: [] }, anyone).text.matchAll(/ as "([^"]+)"/g)].map((m) => m[1]);
}
