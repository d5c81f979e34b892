import type http from 'node:http';
import { callerKey } from '../auth/rate-limit.js';
import type { Viewer } from '../auth/viewer.js';
import type { Config } from '../config/config.js';
import { RequestBudget } from '../db/request-budget.js';

/**
 * The time budget of one HTTP request (a GraphQL operation, a CSV export): its caller's limit, shared out per
 * caller, and ended with the response. A response closed before it was written means the client left; after
 * it, any statement still running is for nobody (src/db/request-budget.ts).
 */
export function budgetForResponse(res: http.ServerResponse, viewer: Viewer, timeBudgetMs: Config['timeBudgetMs']): RequestBudget {
  const budget = new RequestBudget(timeBudgetMs[viewer.kind], undefined, callerKey(viewer));
  res.once('close', () => budget.stop(res.writableEnded ? 'ANSWERED' : 'CLIENT_DISCONNECTED'));
  return budget;
}
