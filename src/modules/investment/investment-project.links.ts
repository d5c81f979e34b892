import type { Sql } from '../../db/read-model.js';
import type { LinkTable } from '../../graphql/links.js';
import { contactModel } from '../contact/index.js';
import { metadataModels } from '../metadata/index.js';
import type { InvestmentProjectLists } from './investment-project.state.js';
import { investmentReferenceModels as im } from './investment.model.js';

/** The to-many fields read through link tables, by GraphQL field, with the state key each fills. */
export const PROJECT_LINKS = {
  clientContacts: { table: 'investment_project_client_contact', owner: 'investment_project_id', target: 'contact_id', model: contactModel, key: 'clientContactIds' },
  businessActivities: { table: 'investment_project_business_activity', owner: 'investment_project_id', target: 'investment_business_activity_id', model: im.investmentBusinessActivity, key: 'businessActivityIds' },
  strategicDrivers: { table: 'investment_project_strategic_driver', owner: 'investment_project_id', target: 'investment_strategic_driver_id', model: im.investmentStrategicDriver, key: 'strategicDriverIds' },
  ukRegionLocations: { table: 'investment_project_uk_region_location', owner: 'investment_project_id', target: 'uk_region_id', model: metadataModels.ukRegion, key: 'ukRegionLocationIds' },
  actualUkRegions: { table: 'investment_project_actual_uk_region', owner: 'investment_project_id', target: 'uk_region_id', model: metadataModels.ukRegion, key: 'actualUkRegionIds' },
  deliveryPartners: { table: 'investment_project_delivery_partner', owner: 'investment_project_id', target: 'investment_delivery_partner_id', model: im.investmentDeliveryPartner, key: 'deliveryPartnerIds' },
  specificProgrammes: { table: 'investment_project_specific_programme', owner: 'investment_project_id', target: 'specific_programme_id', model: im.specificProgramme, key: 'specificProgrammeIds' },
  competitorCountries: { table: 'investment_project_competitor_country', owner: 'investment_project_id', target: 'country_id', model: metadataModels.country, key: 'competitorCountryIds' },
} satisfies Record<string, LinkTable & { key: keyof InvestmentProjectLists }>;

/**
 * A project's list fields as one JSON object of id arrays (each sorted, so two reads of the same links are
 * equal): what `incompleteFields` and the writes' "state before" read, in one expression over the project row.
 */
export function listIdsSql(parent: string): Sql {
  const pairs = Object.values(PROJECT_LINKS).map(
    (l) => `'${l.key}', array(select l."${l.target}" from "${l.table}" l where l."${l.owner}" = ${parent}."id" order by l."${l.target}")`,
  );
  return { text: `json_build_object(${pairs.join(', ')})`, params: [] };
}
