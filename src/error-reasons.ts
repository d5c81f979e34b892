import { defineReasons, type ReasonsOf } from './errors.js';

/**
 * The infrastructure's reason codes: every `reason` raised under src/db, src/graphql, src/search, src/auth,
 * src/http and src/metrics.ts, with what it means and what to do (the schema's enum ErrorReason shows these
 * words). A code a module raises too (REQUIRED, TOO_LONG, NOT_FOUND, ...) is declared here only; a module
 * declares its own in `<module>.reasons.ts`, and src/system.ts merges them (a code declared twice stops the start).
 */
export const infrastructureReasons = defineReasons({
  // Any input.
  REQUIRED: 'A value is required here and none (or an empty one) was given: give it.',
  TOO_LONG: 'The text is longer than the field allows (the message says how long it may be): shorten it.',
  NOT_FOUND: 'The id names no record, or one you may not see (the two answer alike): take the id from a list or search you can read.',
  INVALID_VALUE: 'The value is not one the field accepts (a wrong type, a malformed id or date, an unknown enum value): send a value of the type the schema names.',
  UNKNOWN_FIELD: 'The input, filter or orderBy names a field the type does not have: use only the fields the schema lists for it.',
  TOO_MANY_VALUES: 'A list in a filter holds more values than allowed (the message gives the limit): split the request or narrow the list.',
  OUT_OF_RANGE: 'A number is outside the range the message gives: send one within it.',
  INVALID_JSON: 'The request body is not valid JSON: send a JSON object with query, variables and operationName.',
  INPUT_TOO_DEEP: 'An argument or variable nests objects and lists deeper than allowed (`measured` against `limit`): send flatter input.',
  INPUT_TOO_LARGE: 'An argument or variable holds more values than allowed (`measured` against `limit`): send less in one request.',
  NUL_CHARACTER: 'A text value contains the NUL character (\\u0000), which the database cannot store: remove it.',
  INVALID_UNICODE: 'A text value holds half of a UTF-16 surrogate pair, which is not a character: send well-formed text.',

  // Who may read what.
  RESULT_NOT_READABLE: "The mutation's result is of a type you may not read, so only its id may be selected (nothing was written): ask for `id` alone.",
  NO_RULE: 'No permission rule allows this root field, so it is denied to everyone: it is not for use yet.',

  // Lists: pages, cursors, filters and orderBy.
  FIRST_AND_LAST: 'first and last were both given: ask for one of them.',
  INVALID_PAGE_SIZE: 'A page size (first or last) is negative or not a whole number: give zero or more.',
  PAGE_TOO_LARGE: 'A page size (first or last) is larger than the list allows (the message gives the limit): ask for a smaller page and follow the cursors.',
  INVALID_CURSOR: 'The cursor was not made by this API, or has been altered: take cursors from pageInfo of a page of the same list or search.',
  CURSOR_FOR_ANOTHER_LIST: 'The cursor was made by another list or search: take cursors from a page of the one you are paging through.',
  CURSOR_FOR_ANOTHER_ORDER: 'The cursor was made with another orderBy: keep the orderBy of the page the cursor came from.',
  UNKNOWN_OPERATOR: 'A filter names an operator the field does not have: use the operators the filter type lists.',
  BETWEEN_NEEDS_TWO: 'A `between` filter was given other than two values: give exactly [low, high].',
  FILTER_TOO_DEEP: 'The filter nests and/or/not deeper than allowed (the message gives the limit): flatten it.',
  VALUE_TOO_LONG: 'A text value in a filter is longer than allowed (`measured` against `limit`): filter on a shorter text.',
  PATTERNS_TOO_LONG: "The text of one filter's like, ilike, contains and startsWith is longer than allowed altogether (`measured` against `limit`): use fewer or shorter patterns.",
  DUPLICATE_SORT_FIELD: 'orderBy names the same field more than once: name each field once.',

  // Search and exports.
  TERM_REQUIRED: 'The search needs a term and none was given: give a term.',
  TERM_TOO_LONG: 'The search term or prefix is longer than allowed (the message gives the limit): shorten it.',
  ARCHIVED_TWICE: 'Both filter.archived and the deprecated includeArchived were given: use filter.archived alone.',
  UNKNOWN_FILTER: 'The search has no filter of that name: use the filters its filter type lists.',
  EMPTY_RANGE: 'A range filter starts after it ends (from is after to): swap or correct the bounds.',
  WINDOW_TOO_LARGE: 'Search pages reach only the first results up to a limit (the message gives it), and this page starts past it: narrow the search with filters.',
  PAGE_AND_CURSOR: 'A page number was given with a cursor (after or before): page by number or by cursor, not both.',
  PAGE_AND_LAST: 'A page number was given with last: page numbers count pages of first results, so use first with it.',
  INVALID_PAGE: 'The page number is not a whole number from 1: give one.',
  INVALID_EXPORT_QUERY: 'The export URL is damaged: take it again from the search (exportUrl).',
  UNKNOWN_ARGUMENT: 'The export names an argument its search does not take: use the arguments the message lists.',
  EXPORT_LINK_INVALID: 'The export link has been altered: take it again from the search (exportUrl).',
  EXPORT_LINK_EXPIRED: 'The export link is past its time: run the search again for a new exportUrl.',

  // Writes (src/db/write.ts), the database's constraints included.
  ARCHIVED_READ_ONLY: 'The record is archived, so it cannot be changed: unarchive it first.',
  ALREADY_ARCHIVED: 'The record is archived already: nothing to do.',
  NOT_ARCHIVED: 'The record is not archived, so it cannot be unarchived: nothing to do.',
  DUNS_TAKEN: 'Another company has this DUNS number: find that company instead of creating a duplicate.',
  INVALID_DUNS: 'A DUNS number is exactly nine digits: correct it.',
  EMAIL_TAKEN: 'The email is taken (by another contact of the same company, or another adviser): use that record, or another email.',
  EXPORT_COUNTRY_CHANGED: 'The export countries were changed by someone else at the same time: read them again and retry.',

  // Time and availability.
  STATEMENT_TIMEOUT: 'A database statement ran longer than allowed and was stopped: ask for less (a narrower filter, a smaller page).',
  REQUEST_TIME_BUDGET: "The request used up its time budget and its remaining statements were stopped: ask for less in one request.",
  CLIENT_DISCONNECTED: 'The client went away, so its request was stopped: nobody is left to read this, except the logs.',
  ANSWERED: 'The request was answered (a failed non-null field nulled it) while this statement still ran, so it was stopped: fix the other error.',
  DATABASE_UNAVAILABLE: 'The database is unreachable just now: retry after retryAfterSeconds.',

  // Authentication and where a call may come from.
  NO_CREDENTIAL: 'No credential was sent: send `Authorization: Bearer <token>` or a Hawk header.',
  UNKNOWN_CREDENTIAL: 'The token or Hawk id is not known: check it, or ask for a new one.',
  REVOKED: 'The token or Hawk credential has been revoked: ask for a new one.',
  EXPIRED: 'The token or Hawk credential has expired: ask for a new one.',
  INACTIVE_ADVISER: "The token's adviser is no longer active: an administrator must reactivate them.",
  WRONG_SCHEME: 'The client uses the other scheme (Hawk or bearer tokens): authenticate the way it was issued for.',
  HAWK_MALFORMED_HEADER: 'The Hawk Authorization header cannot be read: send id, ts, nonce, hash and mac as hawk.1 defines them.',
  HAWK_NO_HOST: 'A Hawk request came without a Host header: send the Host that was signed.',
  HAWK_WRONG_HOST: 'The Hawk request was signed for a host this gateway does not answer for: sign for its public host.',
  HAWK_BAD_MAC: 'The Hawk MAC does not match the request: sign the method, path, host, port and payload hash with the right key.',
  HAWK_PAYLOAD_HASH_REQUIRED: 'The Hawk header has no payload hash, which this gateway requires: include `hash`.',
  HAWK_BAD_PAYLOAD_HASH: 'The body does not match the Hawk payload hash: hash exactly the body and content type sent.',
  HAWK_STALE_TIMESTAMP: "The Hawk timestamp is too far from the server's time: resync with the signed `ts` in the error and sign again.",
  HAWK_REPLAYED_NONCE: 'This Hawk nonce was used already: sign each request with a new nonce.',
  TOO_MANY_FAILED_AUTHENTICATIONS: 'Too many refused credentials came from this address (HTTP 429): wait retryAfter seconds, and check the credential.',
  IP_NOT_ALLOWED: "The partner client called from an address outside its IP allowlist: call from an allowed address, or have the allowlist changed.",
  UNTRUSTED_FORWARDING: "The caller's address cannot be established (X-Forwarded-For has too few entries, or one that is not an IP address, for the configured proxies): call through the gateway's proxies.",
  CORS_ORIGIN_NOT_ALLOWED: 'A browser called from an origin that is not in CORS_ORIGINS: have it added, or call from an allowed origin.',
  METRICS_OFF: '/metrics is off on this gateway: set METRICS_TOKEN to serve it.',
  METRICS_TOKEN: '/metrics needs `Authorization: Bearer <METRICS_TOKEN>`: send the configured token.',

  // Partner clients and their credentials (createApiClient, `npm run cli -- client:create`).
  UNKNOWN_SCOPE: 'A scope named is not one this gateway has: use the scopes the message lists.',
  INVALID_CIDR: 'An IP allowlist entry is not an IP address or CIDR range: correct it.',
  NAME_TAKEN: 'Another partner client has this name: choose another.',
});

declare module './errors.js' {
  interface ErrorReasons extends ReasonsOf<typeof infrastructureReasons> {}
}
