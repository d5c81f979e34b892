import { GraphQLEnumType, GraphQLSchema } from 'graphql';
import type { DemoStep } from '../seeds/demo/step.js';
import { installAccess } from './auth/access.js';
import type { FieldAccess } from './auth/field-access.js';
import { installRowRules } from './auth/row-rules.js';
import type { Command } from './cli-command.js';
import type { Config } from './config/config.js';
import { createOrm, type DatabaseTarget, type OrmModel } from './db/orm.js';
import type { Orm } from './db/orm-type.js';
import type { EmailTemplates } from './email/template.js';
import { infrastructureReasons } from './error-reasons.js';
import type { Reason } from './errors.js';
import type { Services } from './graphql/context.js';
import { applyPermissions, mergeRuleTrees } from './graphql/permissions.js';
import type { SchemaRules } from './graphql/permissions-doc.js';
import type { ReadRules, RuleTree } from './graphql/rules.js';
import { buildCodeFirstSchema } from './graphql/schema.js';
import { refusableFieldsNullable } from './graphql/refusable.js';
import type { Job } from './jobs/job.js';
import type { Logger } from './logger.js';
import type { AuditedChild, AuditedEntity } from './module.js';
import { MODULES } from './modules/index.js';
import { searchCatalogOf } from './search/catalog.js';
import type { Drainer } from './search/drainer.js';
import { createSearchService } from './search/search.service.js';
import type { SearchBackend } from './search/search.types.js';

/**
 * The composition root: the system is the modules listed in src/modules/index.ts. What the infrastructure
 * needs to know about them — the access vocabulary and row rules, the ORM's entities and what the audit
 * records, the schema's resolvers and rules, search's mappings, the services, the demo data, the jobs and the
 * CLI's commands — is derived here from their manifests (src/module.ts) and handed to it, so nothing in
 * src/db, src/audit, src/graphql, src/search, src/auth or src/jobs imports a module. Entry points (the api,
 * the worker, the CLI) and tests take the system from here.
 */

/**
 * The modules' permission codenames, partner scopes and group grants, installed as this process's access
 * vocabulary (src/auth/access.ts) before anything asks for it; a name declared twice stops the start.
 */
export const accessCatalog = installAccess(MODULES.map((m) => m.access ?? {}));

/** The modules' row rules, applied with the access model's own to every read and write (src/auth/row-rules.ts). */
installRowRules(MODULES.flatMap((m) => m.rowRules ?? []));

/** The modules' entities, and which of them the audit records (child records on their parent's event). */
export const ormModel: OrmModel = {
  entities: MODULES.flatMap((m) => m.entities ?? []),
  audited: {
    audited: MODULES.flatMap((m): readonly AuditedEntity[] => m.audited ?? []),
    children: MODULES.flatMap((m): readonly AuditedChild[] => m.auditedChildren ?? []),
  },
};

/** The ORM on a database, knowing every module's entities. */
export const openOrm = (target: DatabaseTarget): Promise<Orm> => createOrm(target, ormModel);

/** The modules' field rules as one tree; a field ruled twice stops the start. */
export const ruleTree: RuleTree = mergeRuleTrees(...MODULES.map((m) => m.rules ?? {}));

/** Who may read each entity type at all (see ReadRules). */
export const readRules: ReadRules = Object.assign({}, ...MODULES.map((m) => m.readers ?? {}));

export const schemaRules: SchemaRules = { tree: ruleTree, readRules };

/**
 * The searchable entities and their mappings, from the modules' manifests: what the search infrastructure is
 * given (the service, the outbox drain, the jobs, the CLI, the OpenSearch indices) instead of importing modules.
 */
export const searchCatalog = searchCatalogOf(MODULES);

/**
 * A request context's services: search (the infrastructure's, over the modules' search mappings), then each
 * module's, from its manifest. A service never constructs another.
 */
export function createServices(deps: { config: Config; searchBackend: SearchBackend; logger: Logger; drainer?: Drainer; fieldAccess: FieldAccess }): Services {
  const search = createSearchService(searchCatalog, deps.searchBackend, deps.logger, deps.fieldAccess, deps.drainer);
  return Object.assign({ search }, ...MODULES.map((m) => m.services?.(deps) ?? {})) as Services;
}

/** The modules' demo-data steps: every `records` step in the modules' order, then every `extras` one (seeds/demo/step.ts). */
export const demoSteps: readonly DemoStep[] = (['records', 'extras'] as const).flatMap((phase) => MODULES.flatMap((m) => (m.demo ?? []).filter((step) => step.phase === phase)));

/** Named things from several sources (the modules' commands, jobs) as one record; a name given twice stops the start. */
export function mergeNamed<T>(kind: string, sources: ReadonlyArray<Readonly<Record<string, T>> | undefined>): Record<string, T> {
  const merged: Record<string, T> = {};
  for (const source of sources) {
    for (const [name, value] of Object.entries(source ?? {})) {
      if (Object.hasOwn(merged, name)) throw new Error(`Two ${kind}s are named ${name}.`);
      merged[name] = value;
    }
  }
  return merged;
}

/** The modules' scheduled jobs: the worker schedules each, `npm run cli -- job:run` runs one now. */
export const jobs: Record<string, Job> = mergeNamed('job', MODULES.map((m) => m.jobs));

/** The modules' email templates, by name: the worker's email drain renders the outbox's rows with them. */
export const emailTemplates: EmailTemplates = mergeNamed('email template', MODULES.map((m) => m.emails));

/** The modules' CLI commands (`npm run cli -- help` lists them after the system's own). */
export const moduleCommands: Record<string, Command> = mergeNamed('command', MODULES.map((m) => m.commands));

/**
 * Every `reason` code an error may carry, with what it means: the infrastructure's (src/error-reasons.ts), then
 * each module's (its manifest's `reasons`). The types say the same (src/errors.ts ErrorReasons), so a reason
 * raised anywhere is one of these; a code declared twice stops the start.
 */
export const errorReasons = mergeNamed('reason code', [infrastructureReasons, ...MODULES.map((m) => m.reasons)]) as Readonly<Record<Reason, string>>;

/** What the schema's description says about errors: their shape, and where the reasons are listed. */
export const ERROR_SHAPE =
  'Errors: each has `extensions.code`, the kind of failure (BAD_USER_INPUT, CONFLICT, FORBIDDEN, NOT_FOUND, UNAUTHENTICATED, QUERY_TIMEOUT, SERVICE_UNAVAILABLE, ...), ' +
  'and most have `extensions.reason`, a value of the enum ErrorReason that says exactly what is wrong and what to do about it. ' +
  'Bad input and conflicts list every problem in `extensions.issues` as { field, reason, message }, `field` being the path inside the arguments (e.g. ["address", "postcode"]), ' +
  'and repeat the first one\'s `field` and `reason` beside `code`; a field refused to the caller is null with its error at its path, and the rest of the answer stands. ' +
  'A request refused as a whole for its size, depth, cost or rate has a code of its own (TOO_MANY_TOKENS, QUERY_TOO_COSTLY, RATE_LIMITED, ...), with the limit it passed or when to retry.';

/** The schema with the enum ErrorReason (one value per declared code, described by its catalogue) and the error shape as its description. */
function withErrorReasons(schema: GraphQLSchema, reasons: Readonly<Record<string, string>>): GraphQLSchema {
  const errorReason = new GraphQLEnumType({
    name: 'ErrorReason',
    description: "The `reason` codes errors carry in `extensions.reason` and in each of `extensions.issues`; no field returns it: it lists what each code means.",
    values: Object.fromEntries(Object.keys(reasons).sort().map((code) => [code, { value: code, description: reasons[code] }])),
  });
  const config = schema.toConfig();
  return new GraphQLSchema({ ...config, description: ERROR_SHAPE, types: [...config.types, errorReason] });
}

let codeFirst: Promise<GraphQLSchema> | undefined;
let guarded: Promise<GraphQLSchema> | undefined;

/**
 * The one schema, from the modules' resolvers, built once per process, with the permission rules around its
 * resolvers (src/graphql/permissions.ts): every user of the schema gets the guarded one.
 */
export function buildAppSchema(): Promise<GraphQLSchema> {
  guarded ??= buildUnguardedSchema().then((schema) => applyPermissions(schema, ruleTree, readRules));
  return guarded;
}

/**
 * The same schema without the permission rules (its shape is the served one's: fields the rules can refuse are
 * nullable): only for measuring what the rules cost (`npm run bench --
 * --rules off`). Never serve it: nothing in it checks who is asking.
 */
export function buildUnguardedSchema(): Promise<GraphQLSchema> {
  codeFirst ??= buildCodeFirstSchema(MODULES.flatMap((m) => m.resolvers ?? [])).then((schema) => withErrorReasons(refusableFieldsNullable(schema, ruleTree), errorReasons));
  return codeFirst;
}
