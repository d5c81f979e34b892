import type { EntityManager } from '@mikro-orm/core';
import { demoRows, writeRows, type Row, type TableSpec } from '../../../seeds/demo/context.js';
import { REF } from '../metadata/index.js';
import { PROJECT_LINKS } from './investment-project.links.js';
import { investmentProjectModel } from './investment-project.model.js';
import type { InvestmentProjectLists } from './investment-project.state.js';
import { investmentAccess } from './investment.permissions.js';
import { investmentReferenceModels as models } from './investment.model.js';

/**
 * What the investment projects' demo step (investment-project.demo.ts) reads and writes: the tables it fills,
 * the reference rows and advisers it draws from, and how a chunk of generated projects is written.
 */

/** The project's columns are its read model's (the sequence gives `code_number`), and the multiplier its value used. */
const PROJECT: TableSpec = {
  table: 'investment_project',
  columns: [...Object.values(investmentProjectModel.columns).map((c) => c.name).filter((name) => name !== 'code_number'), 'gva_multiplier_id'],
};

/** Each list of a project and its link table (investment-project.links.ts): the project's column, then the target's. */
export const LINKS = Object.fromEntries(
  Object.values(PROJECT_LINKS).map((l) => [l.key, { table: l.table, columns: [l.owner, l.target] }]),
) as unknown as Record<keyof InvestmentProjectLists, TableSpec>;
const TEAM_MEMBER: TableSpec = { table: 'investment_project_team_member', columns: ['id', 'investment_project_id', 'adviser_id', 'role'] };
const STAGE_LOG: TableSpec = { table: 'investment_project_stage_log', columns: ['id', 'investment_project_id', 'stage_id', 'adviser_id', 'created_on'] };

/** The rows one chunk of projects writes. */
export type Batch = { projects: Row[]; links: Map<TableSpec, Row[]>; teamMembers: Row[]; stageLog: Row[] };

/** The groups that see only associated projects (LEP and DA): the investment module's own grants say which. */
const ASSOCIATED_ONLY_GROUPS = Object.entries(investmentAccess.grants)
  .filter(([, grants]) => (grants as readonly string[]).includes('view_associated_investmentproject') && !(grants as readonly string[]).includes('view_all_investmentproject'))
  .map(([group]) => group);

export interface UkCompany { id: string; line1: string; town: string; postcode: string; ukRegionId: string }

/** The enabled ids a project draws from, the latest GVA multiplier of each sector, the live UK companies, and the partner advisers. */
export async function projectReference(tx: EntityManager) {
  const enabled = async (model: { table: string }) => (await demoRows<{ id: string }>(tx, `select id from "${model.table}" where disabled_on is null order by id`)).map((r) => r.id);
  // As investment-project.facts.ts reads it: a sector's newest financial year, then the lowest id.
  const multipliers = await demoRows<Row & { sector_id: string }>(
    tx,
    `select distinct on (sector_id) id, sector_id, multiplier, sector_classification_gva_multiplier as "classification"
       from metadata_gva_multiplier where sector_id is not null order by sector_id, financial_year desc, id`,
  );
  const groups = ASSOCIATED_ONLY_GROUPS.map((g) => `'${g}'`).join(', ');
  return {
    investmentTypeIds: await enabled(models.investmentType),
    fdiTypeIds: await enabled(models.fdiType),
    fdiValueIds: await enabled(models.fdiValue),
    likelihoodIds: await enabled(models.likelihoodToLand),
    investorTypeIds: await enabled(models.investorType),
    involvementIds: await enabled(models.involvement),
    programmeIds: await enabled(models.specificProgramme),
    deliveryPartnerIds: await enabled(models.investmentDeliveryPartner),
    driverIds: await enabled(models.investmentStrategicDriver),
    activityIds: await enabled(models.investmentBusinessActivity),
    referralIds: await enabled(models.referralSourceActivity),
    marketingIds: await enabled(models.referralSourceMarketing),
    websiteIds: await enabled(models.referralSourceWebsite),
    salaryIds: await enabled(models.salaryRange),
    pmRequestIds: await enabled(models.projectManagerRequestStatus),
    gvaBySector: new Map(multipliers.map((m) => [m.sector_id, m])),
    ukCompanies: await demoRows<UkCompany>(
      tx,
      `select id, address_line1 as "line1", address_town as "town", address_postcode as "postcode", uk_region_id as "ukRegionId" from company
        where address_country_id = '${REF.country.unitedKingdom}' and not archived and address_postcode is not null and uk_region_id is not null order by id`,
    ),
    // Advisers whose own or team's groups see only associated projects (the demo LEP and DA advisers among them).
    partners: await demoRows<{ id: string; teamId: string }>(
      tx,
      `select a.id, a.dit_team_id as "teamId" from adviser a left join metadata_team t on t.id = a.dit_team_id left join metadata_team_role r on r.id = t.role_id
        where a.is_active and a.dit_team_id is not null and (a.groups || coalesce(r.groups, '{}')) && array[${groups}]::text[] order by a.email`,
    ),
  };
}

export type ProjectReference = Awaited<ReturnType<typeof projectReference>>;

/** A project's values (read-model keys: the state, its stamps) as the table's columns; lists are not columns. */
export function projectRow(values: Record<string, unknown>): Row {
  return Object.fromEntries(Object.entries(investmentProjectModel.columns).map(([key, column]) => [column.name, values[key] ?? null]));
}

/** Writes a chunk: its projects, their link rows, team members and stage log. */
export async function writeBatch(tx: EntityManager, batch: Batch): Promise<void> {
  await writeRows(tx, PROJECT, batch.projects);
  for (const [spec, rows] of batch.links) await writeRows(tx, spec, rows);
  await writeRows(tx, TEAM_MEMBER, batch.teamMembers);
  await writeRows(tx, STAGE_LOG, batch.stageLog);
}
