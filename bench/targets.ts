import type { QueryName, ServerName } from './queries.js';

/**
 * Issue 16's read targets, checked against one bench run's figures (each server's median round): on the
 * company page and the company list, at every concurrency, the gateway answers ≥ 1.2× PostGraphile's
 * requests per second with a p99 no higher than PostGraphile's, ≥ 0.5× the raw handler's on the company
 * page, in one SQL statement per request (the project page too), within 300 MB of RSS at the highest
 * concurrency.
 */

export type RunFigures = { server: ServerName; query: QueryName; connections: number; reqPerSec: number; latencyMs: { p99: number }; rssPeakMb: number };
export type Statements = { server: ServerName; query: QueryName; reported?: number | null; pgClient: number };
export type Verdict = { target: string; met: boolean; measured: string };

const TARGET_QUERIES: QueryName[] = ['company-page', 'company-list'];
export const TARGETS = { vsPostgraphile: 1.2, vsRawOnCompanyPage: 0.5, rssMb: 300 } as const;

export function checkTargets(runs: RunFigures[], counts: Statements[]): Verdict[] {
  const out: Verdict[] = [];
  const find = (server: ServerName, query: QueryName, connections: number) => runs.find((r) => r.server === server && r.query === query && r.connections === connections);
  const levels = [...new Set(runs.map((r) => r.connections))].sort((a, b) => a - b);
  for (const query of TARGET_QUERIES) {
    for (const connections of levels) {
      const gateway = find('gateway', query, connections);
      if (!gateway) continue;
      const pg = find('postgraphile', query, connections);
      if (pg) {
        const x = gateway.reqPerSec / pg.reqPerSec;
        out.push({ target: `${query} @ ${connections}: req/s ≥ ${TARGETS.vsPostgraphile}× PostGraphile's`, met: x >= TARGETS.vsPostgraphile, measured: `${x.toFixed(2)}×` });
        out.push({
          target: `${query} @ ${connections}: p99 ≤ PostGraphile's`,
          met: gateway.latencyMs.p99 <= pg.latencyMs.p99,
          measured: `${gateway.latencyMs.p99.toFixed(2)} ms against ${pg.latencyMs.p99.toFixed(2)} ms`,
        });
      }
      const raw = find('raw', query, connections);
      if (raw && query === 'company-page') {
        const x = gateway.reqPerSec / raw.reqPerSec;
        out.push({ target: `${query} @ ${connections}: req/s ≥ ${TARGETS.vsRawOnCompanyPage}× the raw handler's`, met: x >= TARGETS.vsRawOnCompanyPage, measured: `${x.toFixed(2)}×` });
      }
    }
  }
  for (const c of counts.filter((x) => x.server === 'gateway')) {
    const n = c.reported ?? c.pgClient;
    out.push({ target: `${c.query}: one SQL statement per request`, met: n === 1, measured: `${n}` });
  }
  const top = levels.at(-1);
  const peak = Math.max(...runs.filter((r) => r.server === 'gateway' && r.connections === top).map((r) => r.rssPeakMb));
  if (top !== undefined && Number.isFinite(peak)) out.push({ target: `gateway RSS ≤ ${TARGETS.rssMb} MB at ${top} connections`, met: peak <= TARGETS.rssMb, measured: `${peak.toFixed(0)} MB` });
  return out;
}

export const verdictLine = (v: Verdict) => `target ${v.met ? 'met    ' : 'NOT met'}  ${v.target} (${v.measured})`;
