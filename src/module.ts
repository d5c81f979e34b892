import type { ModuleAccess } from './auth/access.js';
import type { FieldAccess } from './auth/field-access.js';
import type { RowRule } from './auth/row-rules.js';
import type { Config } from './config/config.js';
import type { Services } from './graphql/context.js';
import type { ReadRules, RuleTree } from './graphql/rules.js';
import type { ReasonCatalog } from './errors.js';
import type { Logger } from './logger.js';
import type { DemoStep } from '../seeds/demo/step.js';
import type { Command } from './cli-command.js';
import type { Job } from './jobs/job.js';
import type { EmailTemplates } from './email/template.js';
import type { SearchMapping } from './search/mapping.js';

/** A record whose every change is recorded (src/audit/audit.subscriber.ts), declared by its module. */
export type AuditedEntity = {
  entity: Function;
  /** How a to-many link is named in `changes`, by property (default: the linked records' ids). */
  linkKeys?: Record<string, (item: any) => unknown>;
};

/** A child record whose change is recorded on its parent's event (an interaction's participants). */
export type AuditedChild = { entity: Function; parent: (child: any) => { id: string } | null | undefined };

/**
 * A reference table a module owns: its rows are Data Hub's JSON in seeds/reference-data/<file>.json, loaded
 * into `table` by the idempotent reference loader (seeds/metadata.seed.ts). `map` turns a row into columns;
 * without it a row is `id`, `name` and `disabled_on`, as most reference tables are.
 */
export type ReferenceTable = { file: string; table: string; map?: (row: Record<string, any>) => Record<string, unknown> };

/** What a module's service factory is given. */
export type ServiceDeps = { config: Config; logger: Logger; fieldAccess: FieldAccess };

/**
 * What a domain module contributes to the system, declared once in its index.ts. src/modules/index.ts lists
 * the modules; the ORM's entities, the schema's resolvers, the permission rules, the services and the audit
 * are all derived from that list, so adding a module is its folder and one line there.
 */
export type ModuleManifest = {
  name: string;
  /** MikroORM entities (the write side). */
  entities?: readonly Function[];
  /** type-graphql resolvers, root and field ones. */
  resolvers?: readonly Function[];
  /** graphql-shield rules on its fields (src/graphql/rules.ts), and who may read its types at all. */
  rules?: RuleTree;
  readers?: ReadRules;
  /** Which of its rows a caller may see at all (src/auth/row-rules.ts), beyond the access model's own rules. */
  rowRules?: readonly RowRule[];
  /** Its permission codenames, its partner scopes, and what the groups grant of them (src/auth/access.ts). */
  access?: ModuleAccess;
  /** The records it audits, and child records audited on their parent. */
  audited?: readonly AuditedEntity[];
  auditedChildren?: readonly AuditedChild[];
  /** Its own reference tables, loaded after the metadata module's, in this (foreign-key) order. */
  referenceData?: readonly ReferenceTable[];
  /** Its part of the demo data (`npm run cli -- demo:seed`, the embedded quick start): seeds/demo/step.ts. */
  demo?: readonly DemoStep[];
  /** Its scheduled jobs, by name (the worker runs them; `job:run` runs one now). */
  jobs?: Readonly<Record<string, Job>>;
  /**
   * Its email templates, by name (src/email/template.ts): its jobs enqueue an email by template name and data
   * (src/email/outbox.ts `enqueueEmail`), and the worker renders and sends it. A name declared twice stops the start.
   */
  emails?: EmailTemplates;
  /**
   * The feature flags it reads (the feature-flag module's `isFeatureEnabled`), by code, with what each
   * switches: listed and settable before anyone has stored them, and off until switched on.
   */
  features?: Readonly<Record<string, string>>;
  /** Its `npm run cli` commands, by name. */
  commands?: Readonly<Record<string, Command>>;
  /** Its services, as the request context offers them (each augments `Services` in its index.ts). */
  services?: (deps: ServiceDeps) => Partial<Services>;
  /**
   * How its records are searched (`<module>.search.ts`): their documents, filters, sorts, export, and the
   * GraphQL query of their own search. The search module serves it and the search infrastructure is given it
   * (src/search/catalog.ts), so a searchable module needs nothing outside its folder.
   */
  search?: SearchMapping;
  /**
   * The `reason` codes its errors carry that the infrastructure does not declare (`<module>.reasons.ts`:
   * `defineReasons`, merged into src/errors.ts's ErrorReasons), each with what it means and what to do: the
   * schema lists them as the enum ErrorReason. A code declared twice stops the start.
   */
  reasons?: ReasonCatalog;
};

/** Declares a module (the identity, typed: a manifest is plain data). */
export const defineModule = <M extends ModuleManifest>(manifest: M): M => manifest;
