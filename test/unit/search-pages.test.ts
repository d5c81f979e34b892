import { describe, expect, it } from 'vitest';
import { encodeSearchCursor, MAX_RESULT_WINDOW, searchPageInfo, searchWindow, windowFromEnd, type CursorScope } from '../../src/search/search-pages.js';
import { failure } from '../helpers/errors.js';

/** The page arithmetic of search results at the edges of the 10,000-result window (issue 13, item 3). */
const scope: CursorScope = { list: 'searchCompanies', order: 'NAME:ASC' };
const at = (offset: number) => encodeSearchCursor(scope, offset);
const refused = (args: Parameters<typeof searchWindow>[0]) => failure(() => searchWindow(args, scope)).extensions;

describe('search windows', () => {
  it('default, forward, back and by page', () => {
    expect(searchWindow({}, scope)).toEqual({ offset: 0, limit: 20 });
    expect(searchWindow({ first: 5, after: at(9) }, scope)).toEqual({ offset: 10, limit: 5 });
    expect(searchWindow({ last: 5, before: at(10) }, scope)).toEqual({ offset: 5, limit: 5 });
    expect(searchWindow({ last: 5, before: at(3) }, scope)).toEqual({ offset: 0, limit: 3 });
    expect(searchWindow({ before: at(30) }, scope)).toEqual({ offset: 10, limit: 20 });
    expect(searchWindow({ page: 3, first: 25 }, scope)).toEqual({ offset: 50, limit: 25 });
    expect(searchWindow({ first: 10, after: at(4), before: at(8) }, scope)).toEqual({ offset: 5, limit: 3 });
  });

  it('a page that would run past the 10,000th result ends there; one that would start past it is refused', () => {
    expect(searchWindow({ page: 500, first: 20 }, scope)).toEqual({ offset: 9980, limit: 20 });
    expect(searchWindow({ page: 334, first: 30 }, scope)).toEqual({ offset: 9990, limit: 10 });
    expect(searchWindow({ first: 100, after: at(9949) }, scope)).toEqual({ offset: 9950, limit: 50 });
    expect(refused({ page: 501, first: 20 })).toMatchObject({ reason: 'WINDOW_TOO_LARGE', field: ['page'] });
    expect(refused({ first: 1, after: at(MAX_RESULT_WINDOW - 1) })).toMatchObject({ reason: 'WINDOW_TOO_LARGE', field: ['after'] });
  });

  it('the end of the results (last without before) is taken once the total is known, within the window', () => {
    expect(searchWindow({ last: 3 }, scope)).toMatchObject({ fromEnd: { start: 0, size: 3 } });
    expect(windowFromEnd({ start: 0, size: 3 }, 7)).toEqual({ offset: 4, limit: 3 });
    expect(windowFromEnd({ start: 0, size: 10 }, 7)).toEqual({ offset: 0, limit: 7 });
    expect(windowFromEnd({ start: 5, size: 10 }, 7)).toEqual({ offset: 5, limit: 2 });
    expect(windowFromEnd({ start: 0, size: 20 }, 25_000)).toEqual({ offset: 9980, limit: 20 });
  });

  it('page info: exact at both ends, and no next page past the window whatever the total', () => {
    expect(searchPageInfo(scope, 0, 20, 20)).toMatchObject({ hasPreviousPage: false, hasNextPage: false });
    expect(searchPageInfo(scope, 0, 20, 21)).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    expect(searchPageInfo(scope, 9980, 20, 25_000)).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    expect(searchPageInfo(scope, 5, 0, 3)).toMatchObject({ startCursor: null, endCursor: null });
    const info = searchPageInfo(scope, 40, 20, 100);
    expect(searchWindow({ first: 20, after: info.endCursor }, scope)).toEqual({ offset: 60, limit: 20 });
    expect(searchWindow({ last: 20, before: info.startCursor }, scope)).toEqual({ offset: 20, limit: 20 });
  });

  it('cursors belong to their search and order', () => {
    expect(failure(() => searchWindow({ after: at(3) }, { ...scope, order: '' })).extensions).toMatchObject({ reason: 'CURSOR_FOR_ANOTHER_ORDER' });
    expect(failure(() => searchWindow({ before: at(3) }, { ...scope, list: 'search' })).extensions).toMatchObject({ reason: 'CURSOR_FOR_ANOTHER_LIST', field: ['before'] });
    expect(refused({ after: 'garbage' })).toMatchObject({ reason: 'INVALID_CURSOR', field: ['after'] });
  });
});
