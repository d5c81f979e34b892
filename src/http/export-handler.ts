import type http from 'node:http';
import type { Orm } from '../db/orm-type.js';
import { AppError } from '../errors.js';
import { serveExport, type ExportDeps } from '../search/export.js';
import type { Admit } from './admission.js';
import { REFUSAL_STATUS, refuse } from './respond.js';

export type ExportHandlerDeps = ExportDeps & { orm: Orm; admit: Admit };

/** GET /export/<entity>.csv: a search's CSV, with the same authentication as /graphql. */
export function createExportHandler({ orm, admit, services, schema }: ExportHandlerDeps) {
  return async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> => {
    const em = orm.em.fork();
    const admitted = await admit(req, res, em);
    if (!admitted) return;
    try {
      await serveExport({ services, schema }, em, admitted.caller.viewer, url, res, admitted.signResponse);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // Signed like any answer to a Hawk caller, which is why this is not left to the router's catch-all.
      const status = REFUSAL_STATUS[error.code] ?? 400;
      refuse(res, status, error, {}, admitted.signResponse);
    }
  };
}
