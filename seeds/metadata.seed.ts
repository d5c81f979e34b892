import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EntityManager } from '@mikro-orm/core';
import { insertRows } from '../src/db/bulk.js';
import { MODULES } from '../src/modules/index.js';

type Raw = Record<string, any>;

/** Works from the TypeScript sources and from dist/seeds alike: the JSON files stay in seeds/. */
function referenceDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const dir of [path.join(here, 'reference-data'), path.join(here, '..', '..', 'seeds', 'reference-data')]) {
    if (fs.existsSync(dir)) return dir;
  }
  throw new Error(`seeds/reference-data not found from ${here}`);
}

/** The rows of one reference file, e.g. `metadata__teamrole`, as Data Hub exported them. */
export function readReferenceFile(file: string): Raw[] {
  return JSON.parse(fs.readFileSync(path.join(referenceDir(), `${file}.json`), 'utf8'));
}

/** Parents before children, and each row's name as the path of segments from the root (" : "). */
function tree(rows: Raw[]): Raw[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const path = (r: Raw): Raw[] => {
    const chain = [r];
    for (let p = r.parent; p; p = byId.get(p)?.parent) {
      const parent = byId.get(p);
      if (!parent) throw new Error(`reference tree: ${r.id} has unknown ancestor ${p}`);
      if (chain.includes(parent)) throw new Error(`reference tree: cycle through ${parent.id} (${parent.segment})`);
      chain.unshift(parent);
    }
    return chain;
  };
  return rows
    .map((r) => {
      const chain = path(r);
      return { ...r, name: chain.map((x) => x.segment).join(' : '), depth: chain.length };
    })
    .sort((a, b) => a.depth - b.depth);
}

const common = (r: Raw) => ({ id: r.id, name: r.name, disabled_on: r.disabled_on ?? null });
const ordered = (r: Raw) => ({ ...common(r), order: r.order ?? 0 });

/** Every reference table, in foreign-key order: file, table, and how a row maps to columns. */
const TABLES: Array<{ file: string; table: string; map: (r: Raw) => Raw; prepare?: (rows: Raw[]) => Raw[] }> = [
  { file: 'metadata__overseasregion', table: 'metadata_overseas_region', map: common },
  {
    file: 'metadata__country',
    table: 'metadata_country',
    map: (r) => ({ ...common(r), iso_alpha2_code: r.iso_alpha2_code ?? null, overseas_region_id: r.overseas_region ?? null }),
  },
  { file: 'metadata__ukregion', table: 'metadata_uk_region', map: common },
  {
    file: 'metadata__administrativearea',
    table: 'metadata_administrative_area',
    map: (r) => ({ ...common(r), area_code: r.area_code ?? null, country_id: r.country }),
  },
  {
    file: 'metadata__sector',
    table: 'metadata_sector',
    prepare: tree,
    map: (r) => ({ ...common(r), segment: r.segment, parent_id: r.parent ?? null }),
  },
  { file: 'metadata__businesstype', table: 'metadata_business_type', map: common },
  { file: 'metadata__employeerange', table: 'metadata_employee_range', map: ordered },
  { file: 'metadata__turnoverrange', table: 'metadata_turnover_range', map: ordered },
  { file: 'metadata__headquartertype', table: 'metadata_headquarter_type', map: common },
  { file: 'company__onelisttier', table: 'metadata_one_list_tier', map: ordered },
  {
    file: 'metadata__teamrole',
    table: 'metadata_team_role',
    map: (r) => ({ ...common(r), groups: (r.groups ?? []).flat() }),
  },
  {
    file: 'metadata__team',
    table: 'metadata_team',
    map: (r) => ({
      ...common(r),
      role_id: r.role ?? null,
      uk_region_id: r.uk_region ?? null,
      country_id: r.country ?? null,
      tags: r.tags ?? [],
    }),
  },
  { file: 'metadata__title', table: 'metadata_title', map: common },
  {
    file: 'metadata__service',
    table: 'metadata_service',
    prepare: tree,
    map: (r) => ({ ...ordered(r), segment: r.segment, parent_id: r.parent ?? null, contexts: r.contexts ?? [] }),
  },
  {
    file: 'interaction__servicequestion',
    table: 'metadata_service_question',
    map: (r) => ({ ...ordered(r), service_id: r.service_id }),
  },
  {
    file: 'interaction__serviceansweroption',
    table: 'metadata_service_answer_option',
    map: (r) => ({ ...ordered(r), question_id: r.question_id }),
  },
  { file: 'interaction__communicationchannel', table: 'metadata_communication_channel', map: common },
  { file: 'interaction__policyarea', table: 'metadata_policy_area', map: ordered },
  { file: 'interaction__policyissuetype', table: 'metadata_policy_issue_type', map: ordered },
  { file: 'interaction__servicedeliverystatus', table: 'metadata_service_delivery_status', map: ordered },
];

/** The metadata tables above, then the reference tables the modules declare (ModuleManifest.referenceData). */
const allTables = (): typeof TABLES => [...TABLES, ...MODULES.flatMap((m) => (m.referenceData ?? []).map((t) => ({ ...t, map: t.map ?? common })))];

export type SeedReport = Array<{ table: string; rows: number }>;

/**
 * Loads every reference table from seeds/reference-data, upserting by id: safe to run any number of
 * times, and a changed row (a renamed or newly disabled one) is updated in place.
 */
export async function seedMetadata(em: EntityManager): Promise<SeedReport> {
  const report: SeedReport = [];
  await em.transactional(async (tx) => {
    for (const spec of allTables()) {
      const raw = readReferenceFile(spec.file);
      const rows = (spec.prepare ? spec.prepare(raw) : raw).map(spec.map);
      await insertRows(tx, spec.table, Object.keys(rows[0]), rows, { conflict: 'update' });
      report.push({ table: spec.table, rows: rows.length });
    }
  });
  return report;
}
