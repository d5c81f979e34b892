import type http from 'node:http';
import type { Config } from '../config/config.js';
import type { Orm } from '../db/orm-type.js';
import { withRequestBudget } from '../db/request-budget.js';
import { AppError } from '../errors.js';
import { isSignedExportLink } from '../search/export-link.js';
import { serveExport, type ExportDeps } from '../search/export.js';
import type { Admit } from './admission.js';
import type { AdmitLink } from './link-admission.js';
import { REFUSAL_STATUS, refuse } from './respond.js';
import { budgetForResponse } from './response-budget.js';

export type ExportHandlerDeps = ExportDeps & { orm: Orm; admit: Admit; admitLink: AdmitLink; config: Pick<Config, 'timeBudgetMs'> };

/**
 * GET /export/<entity>.csv: a search's CSV, with the same authentication as /graphql, or as a signed link
 * (exportUrl) without a credential, so that a browser's plain download works (src/search/export-link.ts).
 */
export function createExportHandler({ orm, admit, admitLink, services, schema, config }: ExportHandlerDeps) {
  return async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> => {
    const em = orm.em.fork();
    const admitted = isSignedExportLink(url) && !req.headers.authorization ? await admitLink(req, res, em, url) : await admit(req, res, em);
    if (!admitted) return;
    const { viewer } = admitted.caller;
    // The same time budget as a GraphQL request's, and the same stop when the client leaves: an export's
    // search and rows are statements like any other (src/db/request-budget.ts).
    const budget = budgetForResponse(res, viewer, config.timeBudgetMs);
    try {
      await withRequestBudget(budget, () => serveExport({ services, schema }, em, viewer, url, res, admitted.signResponse));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // Signed like any answer to a Hawk caller, which is why this is not left to the router's catch-all.
      const status = REFUSAL_STATUS[error.code] ?? 400;
      refuse(res, status, error, {}, admitted.signResponse);
    }
  };
}
