import type { Sql } from '../../db/read-model.js';
import { ARCHIVED_FILTER, isoInstant, textArray, withWhere, type SearchMapping } from '../../search/mapping.js';
import { adviserModel } from '../adviser/index.js';
import { metadataModels, REF } from '../metadata/index.js';
import { companyModel } from './company.model.js';
import { CompanyType } from './company.types.js';

/** "sw1a 1aa" → "SW1A1AA": how postcodes are compared, so both spellings find each other. */
export const normalisePostcode = (postcode: string) => postcode.replace(/\s+/g, '').toUpperCase();

/** SQL for the ids of the countries on the company's export list with this status, as a JSON array. */
const exportCountryIds = (status: string) =>
  `(select coalesce(json_agg(e.country_id order by e.country_id), '[]'::json) from company_export_country e where e.company_id = t.id and e.status = '${status}')`;

/**
 * A company's search document: names and trading names; company number, DUNS and postcodes (as written and
 * without spaces) as identifiers; addresses as text. Its sector is listed with every sector above it, so a
 * filter on a sector finds its sub-sectors' companies (Data Hub's `sector_descends`).
 */
export const companySearch: SearchMapping = {
  entity: 'company',
  position: 10,
  typeName: 'Company',
  nodeType: CompanyType,
  query: 'searchCompanies',
  readModel: companyModel,
  permission: 'view_company',
  documentsSql: (where: Sql) =>
    withWhere(
      `select t.id, json_build_object(
         'names', array_prepend(t.name, t.trading_names),
         'identifiers', ${textArray('t.company_number', 't.duns_number', 't.address_postcode', "replace(upper(t.address_postcode), ' ', '')", 't.registered_address_postcode', "replace(upper(t.registered_address_postcode), ' ', '')")},
         'text', ${textArray('t.address_line1', 't.address_line2', 't.address_town', 't.address_county', 't.registered_address_line1', 't.registered_address_town', 't.website')},
         'guarded', '[]'::json,
         'fields', json_build_object(
           'name', lower(t.name),
           'archived', t.archived,
           'sectorIds', (with recursive up(id, parent_id) as (
                           select s.id, s.parent_id from metadata_sector s where s.id = t.sector_id
                           union all select p.id, p.parent_id from metadata_sector p join up on p.id = up.parent_id)
                         select coalesce(json_agg(up.id), '[]'::json) from up),
           'countryId', t.address_country_id,
           'areaId', t.address_area_id,
           'ukRegionId', t.uk_region_id,
           'ukBased', t.address_country_id = '${REF.country.unitedKingdom}',
           'headquarterTypeId', t.headquarter_type_id,
           'oneListTierId', t.one_list_tier_id,
           'accountManagerId', t.one_list_account_owner_id,
           'exportToCountryIds', ${exportCountryIds('currently_exporting')},
           'futureInterestCountryIds', ${exportCountryIds('future_interest')},
           'postcode', replace(upper(t.address_postcode), ' ', ''),
           'dunsNumber', t.duns_number,
           'companyNumber', t.company_number,
           'modifiedOn', ${isoInstant('t.modified_on')},
           'latestInteractionDate', (select to_char(max(i.date), 'YYYY-MM-DD') from interaction i where i.company_id = t.id and not i.archived))
       ) as doc
       from company t`,
      where,
    ),
  // Nothing in a company's document is shown by a field with a rule of its own.
  guarded: [],
  sources: [
    { table: 'company', documentIds: 'select changed.id' },
    // The latest interaction date.
    { table: 'interaction', columns: ['company_id', 'date', 'archived'], documentIds: 'select changed.company_id' },
    { table: 'company_export_country', documentIds: 'select changed.company_id' },
    // Reference data: a sector moved under another parent changes the sector lists of its whole subtree's companies.
    {
      table: 'metadata_sector',
      columns: ['id', 'parent_id'],
      documentIds: `with recursive down(id) as (select changed.id union select s.id from metadata_sector s join down on s.parent_id = down.id)
                    select c.id from company c where c.sector_id in (select down.id from down)`,
    },
  ],
  filters: {
    sectorIds: { kind: 'terms', field: 'sectorIds', description: 'Any of these sectors, sub-sectors included.', values: { reference: metadataModels.sector } },
    countryIds: { kind: 'terms', field: 'countryId', description: 'Trading address in any of these countries.', values: { reference: metadataModels.country } },
    areaIds: { kind: 'terms', field: 'areaId', description: 'Trading address in any of these administrative areas.', values: { reference: metadataModels.administrativeArea } },
    ukRegionIds: { kind: 'terms', field: 'ukRegionId', description: 'In any of these UK regions.', values: { reference: metadataModels.ukRegion } },
    ukBased: { kind: 'boolean', field: 'ukBased', description: 'Trading address in the UK.' },
    archived: { kind: 'boolean', field: 'archived', description: ARCHIVED_FILTER },
    headquarterTypeIds: { kind: 'terms', field: 'headquarterTypeId', description: 'Any of these headquarter types.', values: { reference: metadataModels.headquarterType } },
    oneListTierIds: { kind: 'terms', field: 'oneListTierId', description: 'Any of these One List tiers.', values: { reference: metadataModels.oneListTier } },
    accountManagerIds: {
      kind: 'terms',
      field: 'accountManagerId',
      description: 'Managed by any of these advisers (One List account owner).',
      values: { record: adviserModel, permission: 'view_advisor' },
    },
    exportToCountryIds: { kind: 'terms', field: 'exportToCountryIds', description: 'Currently exporting to any of these countries.', values: { reference: metadataModels.country } },
    futureInterestCountryIds: {
      kind: 'terms',
      field: 'futureInterestCountryIds',
      description: 'Interested in exporting to any of these countries in future.',
      values: { reference: metadataModels.country },
    },
    latestInteractionDate: { kind: 'dateRange', field: 'latestInteractionDate', description: 'The latest interaction falls in this range.' },
    postcode: { kind: 'keyword', field: 'postcode', description: 'This postcode, with or without its space.', normalise: normalisePostcode },
    dunsNumber: { kind: 'keyword', field: 'dunsNumber', description: 'This DUNS number.' },
    companyNumber: { kind: 'keyword', field: 'companyNumber', description: 'This company number.' },
  },
  sorts: { NAME: 'name', MODIFIED_ON: 'modifiedOn', LATEST_INTERACTION_DATE: 'latestInteractionDate' },
  shows: {
    name: 'name',
    modifiedOn: 'modifiedOn',
    latestInteractionDate: 'latestInteractionDate',
    archived: 'archived',
    sectorIds: 'sector',
    countryId: 'address',
    areaId: 'address',
    postcode: 'address',
    ukBased: 'ukBased',
    ukRegionId: 'ukRegion',
    headquarterTypeId: 'headquarterType',
    oneListTierId: 'oneListTier',
    accountManagerId: 'oneListAccountOwner',
    exportToCountryIds: 'exportCountries',
    futureInterestCountryIds: 'exportCountries',
    dunsNumber: 'dunsNumber',
    companyNumber: 'companyNumber',
  },
  export: {
    permission: 'export_company',
    fileName: 'companies',
    rowsSql: (where: Sql) =>
      withWhere(
        `select t.id as "ID", t.name as "Name", array_to_string(t.trading_names, '; ') as "Trading names",
                t.company_number as "Company number", t.duns_number as "DUNS number", sector.segment as "Sector",
                country.name as "Country", region.name as "UK region", t.address_town as "Town", t.address_postcode as "Postcode",
                (select max(i.date) from interaction i where i.company_id = t.id and not i.archived) as "Latest interaction",
                t.archived as "Archived", ${isoInstant('t.modified_on')} as "Modified on"
           from company t
           left join metadata_sector sector on sector.id = t.sector_id
           left join metadata_country country on country.id = t.address_country_id
           left join metadata_uk_region region on region.id = t.uk_region_id`,
        where,
      ),
  },
};
