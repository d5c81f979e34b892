import { Presets, SingleBar } from 'cli-progress';
import { splitList, type Command } from '../cli-command.js';
import type { Orm } from '../db/orm-type.js';
import { AppError } from '../errors.js';
import { runJob } from '../jobs/job-runs.js';
import { JOB_NAMES, JOBS } from '../jobs/registry.js';
import { createLogger } from '../logger.js';
import { createSearchBackend } from './backend.js';
import type { IndexRef, OpenSearchBackend } from './opensearch-backend.js';
import { SEARCH_MAPPINGS } from './registry.js';
import { SEARCH_ENTITIES, type SearchEntity } from './search.types.js';
import { syncAll, writeEntityDocuments } from './sync.js';

function entitiesFrom(value: string | undefined): SearchEntity[] {
  const asked = splitList(value);
  const unknown = asked.filter((e) => !SEARCH_ENTITIES.includes(e as SearchEntity));
  if (unknown.length) throw new AppError('BAD_USER_INPUT', `Unknown model ${unknown.join(', ')}; the models are ${SEARCH_ENTITIES.join(', ')}.`);
  return asked.length ? (asked as SearchEntity[]) : [...SEARCH_ENTITIES];
}

/** For each entity, reindexes OpenSearch if its alias is on an older mapping version (or always with force). */
async function reindexOutdated(orm: Orm, backend: OpenSearchBackend, entities: SearchEntity[], options: { force: boolean; keepOld: boolean }, out: (line: string) => void) {
  const bar = new SingleBar({ format: ' {entity} [{bar}] {value}/{total} {eta_formatted}', hideCursor: true, stream: process.stderr }, Presets.shades_classic);
  const v = (ref: IndexRef) => (ref.version === null ? ref.index : `v${ref.version}`);
  for (const entity of entities) {
    const started = Date.now();
    const result = await backend
      .reindex(entity, {
        force: options.force,
        keepOld: options.keepOld,
        onStep: ({ step, index }) => {
          if (step === 'created' || step === 'resumed' || step === 'dropped') process.stderr.write(`${entity}: ${step} ${index}\n`);
        },
        fill: (write) =>
          writeEntityDocuments(orm, entity, write, {
            onProgress: ({ done, total }) => (done === 0 ? bar.start(total, 0, { entity: entity.padEnd(11) }) : bar.update(done)),
          }).finally(() => bar.stop()),
      })
      .finally(() => bar.stop());
    if (result.outcome === 'up-to-date') out(`${entity}: on mapping v${backend.mappingVersion} (${result.to.index}), up to date${result.dropped ? `; dropped the unfinished ${result.dropped}` : ''}.`);
    else if (result.outcome === 'ahead') out(`${entity}: on ${v(result.from)} (${result.from.index}), newer than this code's v${backend.mappingVersion}; left alone (--force rebuilds it at v${backend.mappingVersion}).`);
    else {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const skipped = result.skipped ? ` (${result.skipped} already there)` : '';
      const old = result.oldIndex === 'kept' ? `${result.from.index} kept` : `${result.from.index} deleted`;
      out(
        `${entity}: ${v(result.from)} → ${v(result.to)}, ${result.documents} documents${skipped}, alias swapped to ${result.to.index}, ${old}` +
          `${result.resumed ? ', resumed an interrupted run' : ''}${result.dropped ? `, dropped the unfinished ${result.dropped}` : ''} (${seconds} s).`,
      );
    }
  }
}

/** Search and job commands, merged into the CLI's table (src/cli.ts). */
export const SEARCH_COMMANDS: Record<string, Command> = {
  'search:migrate': {
    usage: 'search:migrate [--force] [--model company,contact,...] [--keep-old]',
    summary:
      'Create missing search indices; on OpenSearch, move each model whose index has an older mapping version to a new index ' +
      '(backfilled while writes go to both, then the alias is swapped: no downtime). --force rebuilds even when up to date.',
    options: { model: { type: 'string', multiple: true }, force: { type: 'boolean', default: false }, 'keep-old': { type: 'boolean', default: false } },
    run: async ({ orm, config, values, out }) => {
      const entities = entitiesFrom((values.model as string[] | undefined)?.join(','));
      const backend = await createSearchBackend(config, orm);
      try {
        await backend.migrate();
        if (backend.name !== 'opensearch') {
          out(`Search backend ${backend.name} is ready: nothing to migrate (the database migrations own its table; npm run migrate).`);
          return;
        }
        await reindexOutdated(orm, backend as OpenSearchBackend, entities, { force: Boolean(values.force), keepOld: Boolean(values['keep-old']) }, out);
      } finally {
        await backend.close();
      }
    },
  },
  'search:sync': {
    usage: 'search:sync [--model company,contact,...] [--foreground]',
    summary: 'Resync search: queue every record for the worker, or with --foreground rewrite them here, with a progress bar.',
    options: { model: { type: 'string', multiple: true }, foreground: { type: 'boolean', default: false } },
    run: async ({ orm, config, values, out }) => {
      const entities = entitiesFrom((values.model as string[] | undefined)?.join(','));
      if (!values.foreground) {
        // One statement per model: the worker (or an embedded api) drains them like any other change.
        const connection = orm.em.fork().getConnection();
        for (const entity of entities) {
          const table = SEARCH_MAPPINGS[entity].readModel.table;
          const [{ n }] = (await connection.execute(
            `with queued as (insert into search_outbox (entity, record_id) select ?, id from "${table}" returning 1) select count(*)::int as n from queued`,
            [entity],
            'all',
          )) as Array<{ n: number }>;
          out(`Queued ${n} ${entity} record(s) for the search worker.`);
        }
        return;
      }
      const backend = await createSearchBackend(config, orm);
      const bar = new SingleBar({ format: ' {entity} [{bar}] {value}/{total} {eta_formatted}', hideCursor: true, stream: process.stderr }, Presets.shades_classic);
      let current: SearchEntity | undefined;
      const started = Date.now();
      try {
        const counts = await syncAll(orm, backend, {
          entities,
          onProgress: ({ entity, done, total }) => {
            if (entity !== current) {
              if (current) bar.stop();
              current = entity;
              bar.start(total, done, { entity: entity.padEnd(11) });
            } else bar.update(done);
          },
        });
        bar.stop();
        const docs = Object.values(counts).reduce((a, b) => a + b, 0);
        const seconds = (Date.now() - started) / 1000;
        out(`Synced ${Object.entries(counts).map(([e, n]) => `${n} ${e}`).join(', ')} to ${backend.name} in ${seconds.toFixed(1)} s (${Math.round(docs / Math.max(seconds, 0.001))} docs/s).`);
      } finally {
        bar.stop();
        await backend.close();
      }
    },
  },
  'job:run': {
    usage: `job:run --job NAME (${JOB_NAMES.join(', ')})`,
    summary: 'Run one scheduled job now, under its lock, recorded in job_run.',
    options: { job: { type: 'string' } },
    run: async ({ orm, config, values, out }) => {
      const job = values.job ? JOBS[values.job as string] : undefined;
      if (!job) throw new AppError('BAD_USER_INPUT', `--job is one of ${JOB_NAMES.join(', ')}.`);
      const backend = await createSearchBackend(config, orm);
      try {
        const deps = { orm, config, logger: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel), backend };
        const { outcome, counts } = await runJob(deps, values.job as string, () => job.run(deps));
        out(`${values.job}: ${outcome}${Object.keys(counts).length ? ` (${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}`);
      } finally {
        await backend.close();
      }
    },
  },
};
