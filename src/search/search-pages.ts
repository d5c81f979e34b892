import { seal, unsealJson } from '../db/cursor-keys.js';
import { badInput } from '../errors.js';

/**
 * Pages of search results, as Relay connections elsewhere page (`first`/`after` forward, `last`/`before`
 * back), plus a page number (`page`, 1-based, pages of `first`) for results screens. Search results are a
 * ranking, not a keyset: a cursor is a position in it (an offset), sealed (src/db/cursor-keys.ts) so it is
 * opaque and cannot be forged, and bound to the search and the order that made it. Every page lies within the
 * first MAX_RESULT_WINDOW results (OpenSearch's result window, Data Hub's limit): a page that would start past
 * it is refused (WINDOW_TOO_LARGE), and one that would run past it ends there.
 */

/** Data Hub's limit: pages reach the first 10,000 results only (OpenSearch's default result window). */
export const MAX_RESULT_WINDOW = 10_000;
export const MAX_SEARCH_PAGE = 100;
export const DEFAULT_SEARCH_PAGE = 20;

/** The paging arguments of every search (global and per entity); an export carries none of them. */
export const SEARCH_PAGING_ARGUMENTS = ['first', 'after', 'last', 'before', 'page'] as const;

export type SearchPageArgs = { first?: number | null; after?: string | null; last?: number | null; before?: string | null; page?: number | null };

/** What a cursor is a position in: the search that made it (its query's name) and its order (`NAME:ASC`, or '' for relevance). */
export type CursorScope = { list: string; order: string };

/** Bumped when the payload's shape changes: an old cursor is then refused, never misread. */
const VERSION = 1;

export const encodeSearchCursor = (scope: CursorScope, offset: number): string => seal(JSON.stringify(['search', VERSION, scope.list, scope.order, offset]));

/** The offset a cursor points at; a cursor not made by this search in this order is a coded BAD_USER_INPUT on `arg`. */
export function decodeSearchCursor(cursor: string, scope: CursorScope, arg: 'after' | 'before'): number {
  const payload = unsealJson(cursor);
  if (!Array.isArray(payload) || payload.length !== 5 || payload[0] !== 'search' || payload[1] !== VERSION) {
    throw badInput([arg], 'INVALID_CURSOR', 'This cursor did not come from a search: take cursors from a page of the same search.');
  }
  const [, , list, order, offset] = payload as [string, number, unknown, unknown, unknown];
  if (list !== scope.list) throw badInput([arg], 'CURSOR_FOR_ANOTHER_LIST', `The cursor belongs to another search, not to ${scope.list}.`);
  if (order !== scope.order) throw badInput([arg], 'CURSOR_FOR_ANOTHER_ORDER', 'The cursor was made with another orderBy; use the same orderBy as the page it came from.');
  if (!Number.isSafeInteger(offset) || (offset as number) < 0) throw badInput([arg], 'INVALID_CURSOR', 'The cursor has been altered.');
  return offset as number;
}

/**
 * A page of the ranking: `offset` and `limit`; or, for `last` without `before` (the end of the results), the
 * `size` to take back from the end, which needs the total first (`fromEnd`).
 */
export type SearchWindow = { offset: number; limit: number; fromEnd?: { start: number; size: number } };

function pageSize(value: number | null | undefined, arg: string): number {
  const size = value ?? DEFAULT_SEARCH_PAGE;
  if (!Number.isInteger(size) || size < 0) throw badInput([arg], 'INVALID_PAGE_SIZE', `${arg} must be zero or more.`);
  if (size > MAX_SEARCH_PAGE) throw badInput([arg], 'PAGE_TOO_LARGE', `${arg} may be at most ${MAX_SEARCH_PAGE}.`);
  return size;
}

const pastWindow = (arg: string) =>
  badInput([arg], 'WINDOW_TOO_LARGE', `Search pages reach the first ${MAX_RESULT_WINDOW.toLocaleString('en-GB')} results only; narrow the search with filters.`);

/** [offset, offset + limit) cut to the window: a page that would start past it is refused. */
function within(offset: number, limit: number, arg: string): SearchWindow {
  if (offset >= MAX_RESULT_WINDOW) throw pastWindow(arg);
  return { offset, limit: Math.max(0, Math.min(limit, MAX_RESULT_WINDOW - offset)) };
}

/** The page the arguments ask for, checked: sizes, cursors, the page number and the window. */
export function searchWindow(args: SearchPageArgs, scope: CursorScope): SearchWindow {
  if (args.first != null && args.last != null) throw badInput(['last'], 'FIRST_AND_LAST', 'Use first or last, not both.');
  if (args.page != null) {
    if (args.after != null || args.before != null) throw badInput(['page'], 'PAGE_AND_CURSOR', 'Use a page number or cursors (after, before), not both.');
    if (args.last != null) throw badInput(['page'], 'PAGE_AND_LAST', 'A page number counts pages of first results; use first with it, not last.');
    if (!Number.isInteger(args.page) || args.page < 1) throw badInput(['page'], 'INVALID_PAGE', 'page is a whole number from 1.');
    const size = pageSize(args.first, 'first');
    // A page of 0 results has no number beyond the first.
    return within((args.page - 1) * size, size, 'page');
  }
  const start = args.after != null ? decodeSearchCursor(args.after, scope, 'after') + 1 : 0;
  const end = args.before != null ? decodeSearchCursor(args.before, scope, 'before') : undefined;
  const backward = args.last != null || (args.before != null && args.first == null);
  if (!backward) {
    const size = pageSize(args.first, 'first');
    return within(start, end === undefined ? size : Math.min(size, end - start), 'after');
  }
  const size = pageSize(args.last, 'last');
  if (end === undefined) return { offset: start, limit: 0, fromEnd: { start, size } };
  const offset = Math.max(start, end - size);
  return within(offset, end - offset, 'before');
}

/** The last `size` results (after `start`) once the total is known, within the window. */
export function windowFromEnd(fromEnd: { start: number; size: number }, total: number): SearchWindow {
  const end = Math.min(total, MAX_RESULT_WINDOW);
  const offset = Math.max(fromEnd.start, end - fromEnd.size);
  return { offset, limit: Math.max(0, end - offset) };
}

/** Relay's page info for a page of results at `offset`: exact, since the total is known; no next page past the window. */
export function searchPageInfo(scope: CursorScope, offset: number, listed: number, total: number) {
  return {
    hasNextPage: offset + listed < Math.min(total, MAX_RESULT_WINDOW),
    hasPreviousPage: offset > 0,
    startCursor: listed ? encodeSearchCursor(scope, offset) : null,
    endCursor: listed ? encodeSearchCursor(scope, offset + listed - 1) : null,
  };
}
