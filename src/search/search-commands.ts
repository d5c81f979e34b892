import { Presets, SingleBar } from 'cli-progress';
import { splitList, type Command } from '../cli-command.js';
import type { Orm } from '../db/orm-type.js';
import { AppError } from '../errors.js';
import { createSearchBackend } from './backend.js';
import type { SearchCatalog } from './catalog.js';
import type { IndexRef, OpenSearchBackend } from './opensearch-backend.js';
import type { SearchEntity } from './search.types.js';
import { syncAll, writeEntityDocuments } from './sync.js';

/** The models a `--model` flag names (every one without it), checked against the catalog. */
function entitiesFrom(catalog: SearchCatalog, values: Record<string, unknown>): SearchEntity[] {
  const asked = splitList((values.model as string[] | undefined)?.join(','));
  const unknown = asked.filter((e) => !catalog.find(e));
  if (unknown.length) throw new AppError('BAD_USER_INPUT', `Unknown model ${unknown.join(', ')}; the models are ${catalog.entities.join(', ')}.`);
  return asked.length ? asked : [...catalog.entities];
}

type ReindexRun = { orm: Orm; backend: OpenSearchBackend; catalog: SearchCatalog; entities: SearchEntity[]; out: (line: string) => void };

/** For each entity, reindexes OpenSearch if its alias is on an older mapping version (or always with force). */
async function reindexOutdated({ orm, backend, catalog, entities, out }: ReindexRun, options: { force: boolean; keepOld: boolean }) {
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
          writeEntityDocuments(orm, catalog.mapping(entity), write, {
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

/** `search:migrate`: missing indices, and the zero-downtime reindex of those on an older mapping version. */
const migrateCommand = (catalog: SearchCatalog): Command => ({
  usage: 'search:migrate [--force] [--model company,contact,...] [--keep-old]',
  summary:
    'Create missing search indices; on OpenSearch, move each model whose index has an older mapping version to a new index ' +
    '(backfilled while writes go to both, then the alias is swapped: no downtime). --force rebuilds even when up to date.',
  options: { model: { type: 'string', multiple: true }, force: { type: 'boolean', default: false }, 'keep-old': { type: 'boolean', default: false } },
  run: async ({ orm, config, values, out }) => {
    const entities = entitiesFrom(catalog, values);
    const backend = await createSearchBackend(config, orm, catalog);
    try {
      await backend.migrate();
      if (backend.name !== 'opensearch') {
        out(`Search backend ${backend.name} is ready: nothing to migrate (the database migrations own its table; npm run migrate).`);
        return;
      }
      await reindexOutdated({ orm, backend: backend as OpenSearchBackend, catalog, entities, out }, { force: Boolean(values.force), keepOld: Boolean(values['keep-old']) });
    } finally {
      await backend.close();
    }
  },
});

/** `search:sync`: every record queued for the worker, or rewritten here with a progress bar. */
const syncCommand = (catalog: SearchCatalog): Command => ({
  usage: 'search:sync [--model company,contact,...] [--foreground]',
  summary: 'Resync search: queue every record for the worker, or with --foreground rewrite them here, with a progress bar.',
  options: { model: { type: 'string', multiple: true }, foreground: { type: 'boolean', default: false } },
  run: async ({ orm, config, values, out }) => {
    const entities = entitiesFrom(catalog, values);
    if (!values.foreground) {
      // One statement per model: the worker (or an embedded api) drains them like any other change.
      const connection = orm.em.fork().getConnection();
      for (const entity of entities) {
        const { table } = catalog.mapping(entity).readModel;
        const [{ n }] = (await connection.execute(
          `with queued as (insert into search_outbox (entity, record_id) select ?, id from "${table}" returning 1) select count(*)::int as n from queued`,
          [entity],
          'all',
        )) as Array<{ n: number }>;
        out(`Queued ${n} ${entity} record(s) for the search worker.`);
      }
      return;
    }
    const backend = await createSearchBackend(config, orm, catalog);
    const bar = new SingleBar({ format: ' {entity} [{bar}] {value}/{total} {eta_formatted}', hideCursor: true, stream: process.stderr }, Presets.shades_classic);
    let current: SearchEntity | undefined;
    const started = Date.now();
    try {
      const counts = await syncAll(orm, backend, catalog, {
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
});

/** Search's commands over these searchable entities (the search module gives them to the CLI). */
export const searchCommands = (catalog: SearchCatalog): Record<string, Command> => ({
  'search:migrate': migrateCommand(catalog),
  'search:sync': syncCommand(catalog),
});
