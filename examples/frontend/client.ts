import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

/**
 * A typed client for the gateway, as a frontend would write it: the operations are the `.graphql` files of
 * this folder, compiled by `npm run codegen` into typed document nodes (./generated), so a query's variables
 * and its answer are checked by TypeScript against the committed schema. No framework: any one (React Query,
 * Apollo Client, urql) takes the same document nodes.
 */

/** One error as the gateway sends it: `extensions.code` always; `field`, `reason` and `issues` on bad input. */
export type GatewayError = {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions: {
    code: string;
    /** Where in the input (for BAD_USER_INPUT and CONFLICT): inside a mutation's `input`, else from the argument. */
    field?: string[];
    reason?: string;
    issues?: Array<{ field: string[]; reason: string; message: string }>;
    [key: string]: unknown;
  };
};

/**
 * A GraphQL answer: `data` can be partial, with `errors` beside it. A field the caller may not read is null
 * with a FORBIDDEN error at its path; the rest of the page stands.
 */
export type GatewayResult<TData> = {
  status: number;
  data: TData | null;
  errors: GatewayError[];
  /** The SQL statements the request ran, when the gateway runs with DEBUG_SQL=true. */
  sqlStatements?: number;
};

export type ClientOptions = {
  /** The gateway's /graphql URL, e.g. http://localhost:4000/graphql. */
  url: string;
  /** A bearer token: an adviser's (npm start prints one) or a partner client's. */
  token: string;
  fetch?: typeof globalThis.fetch;
};

export function createClient({ url, token, fetch = globalThis.fetch }: ClientOptions) {
  return async function request<TData, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TData, TVariables>,
    ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
  ): Promise<GatewayResult<TData>> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: print(document), variables: variables ?? {} }),
    });
    const body = (await response.json()) as { data?: TData | null; errors?: GatewayError[]; extensions?: { sqlStatements?: number } };
    return { status: response.status, data: body.data ?? null, errors: body.errors ?? [], sqlStatements: body.extensions?.sqlStatements };
  };
}

/** The issues of a refused input, by field path (`address.postcode`), for showing each beside its input. */
export function issuesByField(errors: readonly GatewayError[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const error of errors) {
    for (const issue of error.extensions.issues ?? []) (out[issue.field.join('.')] ??= []).push(issue.message);
  }
  return out;
}
