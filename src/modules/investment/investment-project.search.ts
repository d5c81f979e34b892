import type { Sql } from '../../db/read-model.js';
import { ARCHIVED_FILTER, guardedJson, isoInstant, textArray, withWhere, type GuardedSource, type SearchMapping } from '../../search/mapping.js';
import { adviserModel } from '../adviser/index.js';
import { companyModel } from '../company/index.js';
import { metadataModels } from '../metadata/index.js';
import { InvestmentProjectStatus } from './investment-project.entity.js';
import { investmentProjectModel } from './investment-project.model.js';
import { STAGE } from './investment-project.stages.js';
import { InvestmentProjectType } from './investment-project.types.js';
import { investmentReferenceModels as im } from './investment.model.js';
import { InvestmentProjectStageType } from './investment.reference-data.js';

/** SQL for a project's code number zero-padded to eight digits (or more), and for its code, as `projectCode` writes them. */
const CODE_DIGITS = `lpad(t.code_number::text, greatest(8, length(t.code_number::text)), '0')`;
const PROJECT_CODE = `'DHP-' || ${CODE_DIGITS}`;

/** SQL for an adviser's name, for the export. */
const adviserName = (alias: string) => `nullif(trim(${alias}.first_name || ' ' || ${alias}.last_name), '')`;

/** The investor company's name is shown by `InvestmentProject.investorCompany`, which needs `view_company`. */
const guarded: GuardedSource[] = [{ field: 'InvestmentProject.investorCompany', as: 'text', values: textArray('investor.name') }];

/**
 * An investment project's search document: its name; its code as identifiers, whole and by its digits (DHP-00000123,
 * 00000123 and 123 all find it); its investor company's name as guarded text. Its fields are Data Hub's
 * investment search filters: stage, status, investment type, investor company, country of origin, sector (with
 * every sector above it, so a sector finds its sub-sectors' projects), possible UK regions, the advisers in any
 * role (creator, client relationship manager, project manager, assurance adviser, team members), likelihood to
 * land, land dates, archived; and `associatedTeamId`, the teams the "associated projects" row rule tests
 * (investment.row-rules.ts), from the same view as the rule's, so a search finds what a list shows.
 */
export const investmentProjectSearch: SearchMapping = {
  entity: 'investmentproject',
  position: 60,
  typeName: 'InvestmentProject',
  nodeType: InvestmentProjectType,
  query: 'searchInvestmentProjects',
  readModel: investmentProjectModel,
  // All projects, or the caller's team's: the row rule narrows what either finds.
  permission: ['view_all_investmentproject', 'view_associated_investmentproject'],
  documentsSql: (where: Sql) =>
    withWhere(
      `select t.id, json_build_object(
         'names', array[t.name],
         'identifiers', array[${PROJECT_CODE}, ${CODE_DIGITS}, t.code_number::text],
         'text', array[]::text[],
         'guarded', ${guardedJson(guarded)},
         'fields', json_build_object(
           'name', lower(t.name),
           'archived', t.archived,
           'stageId', t.stage_id,
           'stageOrder', stage."order",
           'status', t.status,
           'investmentTypeId', t.investment_type_id,
           'investorCompanyId', t.investor_company_id,
           'countryOfOriginId', t.country_investment_originates_from_id,
           'sectorIds', (with recursive up(id, parent_id) as (
                           select s.id, s.parent_id from metadata_sector s where s.id = t.sector_id
                           union all select p.id, p.parent_id from metadata_sector p join up on p.id = up.parent_id)
                         select coalesce(json_agg(up.id), '[]'::json) from up),
           'ukRegionLocationIds', array(select l.uk_region_id from investment_project_uk_region_location l where l.investment_project_id = t.id order by l.uk_region_id),
           'adviserIds', array(select distinct a.id from unnest(array[t.created_by_id, t.client_relationship_manager_id, t.project_manager_id, t.project_assurance_adviser_id]
                                 || array(select m.adviser_id from investment_project_team_member m where m.investment_project_id = t.id)) a(id)
                               where a.id is not null order by a.id),
           'likelihoodToLandId', t.likelihood_to_land_id,
           'estimatedLandDate', to_char(t.estimated_land_date, 'YYYY-MM-DD'),
           'actualLandDate', to_char(t.actual_land_date, 'YYYY-MM-DD'),
           'createdOn', ${isoInstant('t.created_on')},
           'modifiedOn', ${isoInstant('t.modified_on')},
           'associatedTeamId', array(select distinct assoc.team_id from investment_project_associated_team assoc where assoc.investment_project_id = t.id order by assoc.team_id))
       ) as doc
       from investment_project t
       join metadata_investment_project_stage stage on stage.id = t.stage_id
       left join company investor on investor.id = t.investor_company_id`,
      where,
    ),
  guarded,
  sources: [
    { table: 'investment_project', documentIds: 'select changed.id' },
    // The stage's order, for the sort by stage.
    { table: 'metadata_investment_project_stage', columns: ['id', 'order'], documentIds: 'select p.id from investment_project p where p.stage_id = changed.id' },
    { table: 'company', columns: ['id', 'name'], documentIds: 'select p.id from investment_project p where p.investor_company_id = changed.id' },
    // A sector moved under another parent changes the sector lists of its whole subtree's projects.
    {
      table: 'metadata_sector',
      columns: ['id', 'parent_id'],
      documentIds: `with recursive down(id) as (select changed.id union select s.id from metadata_sector s join down on s.parent_id = down.id)
                    select p.id from investment_project p where p.sector_id in (select down.id from down)`,
    },
    { table: 'investment_project_uk_region_location', documentIds: 'select changed.investment_project_id' },
    { table: 'investment_project_team_member', documentIds: 'select changed.investment_project_id' },
    // An adviser who moves team changes the teams of the projects they have a role in (associatedTeamId).
    {
      table: 'adviser',
      columns: ['id', 'dit_team_id'],
      documentIds: `select p.id from investment_project p
                     where changed.id in (p.created_by_id, p.client_relationship_manager_id, p.project_manager_id, p.project_assurance_adviser_id)
                    union select m.investment_project_id from investment_project_team_member m where m.adviser_id = changed.id`,
    },
  ],
  filters: {
    stageIds: { kind: 'terms', field: 'stageId', description: 'At any of these stages.', values: { reference: im.investmentProjectStage } },
    statuses: { kind: 'terms', field: 'status', description: 'In any of these statuses.', values: { enum: InvestmentProjectStatus } },
    investmentTypeIds: { kind: 'terms', field: 'investmentTypeId', description: 'Of any of these investment types.', values: { reference: im.investmentType } },
    investorCompanyIds: { kind: 'terms', field: 'investorCompanyId', description: 'By any of these investor companies.', values: { record: companyModel, permission: 'view_company' } },
    countryOfOriginIds: {
      kind: 'terms',
      field: 'countryOfOriginId',
      description: 'Investment originating from any of these countries.',
      values: { reference: metadataModels.country },
    },
    sectorIds: { kind: 'terms', field: 'sectorIds', description: 'In any of these sectors, sub-sectors included.', values: { reference: metadataModels.sector } },
    ukRegionLocationIds: { kind: 'terms', field: 'ukRegionLocationIds', description: 'That might land in any of these UK regions.', values: { reference: metadataModels.ukRegion } },
    adviserIds: {
      kind: 'terms',
      field: 'adviserIds',
      description: 'With any of these advisers in any role: creator, client relationship manager, project manager, project assurance adviser or team member.',
      values: { record: adviserModel, permission: 'view_advisor' },
    },
    likelihoodToLandIds: { kind: 'terms', field: 'likelihoodToLandId', description: 'With any of these likelihoods to land.', values: { reference: im.likelihoodToLand } },
    estimatedLandDate: { kind: 'dateRange', field: 'estimatedLandDate', description: 'Estimated to land in this range.' },
    actualLandDate: { kind: 'dateRange', field: 'actualLandDate', description: 'Landed in this range.' },
    archived: { kind: 'boolean', field: 'archived', description: ARCHIVED_FILTER },
  },
  // Data Hub's sorts; STAGE in the stages' own order (Prospect first), not by their names.
  sorts: { NAME: 'name', CREATED_ON: 'createdOn', MODIFIED_ON: 'modifiedOn', ESTIMATED_LAND_DATE: 'estimatedLandDate', STAGE: 'stageOrder' },
  shows: {
    name: 'name',
    archived: 'archived',
    stageId: 'stage',
    stageOrder: 'stage',
    status: 'status',
    investmentTypeId: 'investmentType',
    investorCompanyId: 'investorCompany',
    countryOfOriginId: 'countryInvestmentOriginatesFrom',
    sectorIds: 'sector',
    ukRegionLocationIds: 'ukRegionLocations',
    adviserIds: 'teamMembers',
    likelihoodToLandId: 'likelihoodToLand',
    estimatedLandDate: 'estimatedLandDate',
    actualLandDate: 'actualLandDate',
    createdOn: 'createdOn',
    modifiedOn: 'modifiedOn',
  },
  summary: {
    field: 'stageId',
    name: 'stage',
    model: im.investmentProjectStage,
    nodeType: InvestmentProjectStageType,
    values: Object.values(STAGE).map((s) => s.id),
    description: "Projects per stage, every stage from Prospect to Won listed (Data Hub's show_summary).",
  },
  export: {
    permission: 'export_investmentproject',
    fileName: 'investment-projects',
    rowsSql: (where: Sql) =>
      withWhere(
        `select t.id as "ID", ${PROJECT_CODE} as "Project reference", t.name as "Project name", investor.name as "Investor company",
                origin.name as "Country of origin", itype.name as "Investment type", initcap(t.status) as "Status", stage.name as "Stage",
                to_char(t.estimated_land_date, 'YYYY-MM-DD') as "Estimated land date", to_char(t.actual_land_date, 'YYYY-MM-DD') as "Actual land date",
                likelihood.name as "Likelihood to land", sector.segment as "Sector",
                ${adviserName('crm')} as "Client relationship manager", ${adviserName('pm')} as "Project manager",
                ${adviserName('paa')} as "Project assurance adviser",
                (select string_agg(${adviserName('a')}, '; ' order by a.first_name, a.last_name)
                   from investment_project_team_member m join adviser a on a.id = m.adviser_id where m.investment_project_id = t.id) as "Other team members",
                t.total_investment as "Total investment", t.number_new_jobs as "New jobs", t.archived as "Archived",
                ${isoInstant('t.created_on')} as "Date created", ${isoInstant('t.modified_on')} as "Modified on"
           from investment_project t
           join metadata_investment_project_stage stage on stage.id = t.stage_id
           join metadata_investment_type itype on itype.id = t.investment_type_id
           left join company investor on investor.id = t.investor_company_id
           left join metadata_country origin on origin.id = t.country_investment_originates_from_id
           left join metadata_likelihood_to_land likelihood on likelihood.id = t.likelihood_to_land_id
           left join metadata_sector sector on sector.id = t.sector_id
           left join adviser crm on crm.id = t.client_relationship_manager_id
           left join adviser pm on pm.id = t.project_manager_id
           left join adviser paa on paa.id = t.project_assurance_adviser_id`,
        where,
      ),
  },
};
