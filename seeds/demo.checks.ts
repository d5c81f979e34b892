import type { EntityManager } from '@mikro-orm/core';
import { allPermissions, groupNames } from '../src/auth/permissions.js';
import { REF } from '../src/modules/metadata/metadata.entities.js';
import { REF_IDS, STAGE, type StageName } from '../src/modules/investment/investment-project.stages.js';
import { GVA_IDS } from '../src/modules/investment/investment-project.value.js';
import { MAX_REMINDER_DAYS } from '../src/modules/task/task.rules.js';

const { unitedKingdom: UK, unitedStates: US, canada: CA } = REF.country;
const { ghq: GHQ } = REF.headquarterType;
const BRANCH = REF.businessType.ukBranchOfForeignCompany;

/** A reference row that is missing or disabled (`alias.column` names the referencing column). */
const disabledRef = (table: string, column: string) =>
  `(${column} is not null and not exists (select 1 from ${table} r where r.id = ${column} and r.disabled_on is null))`;

/** A SQL list of the known names, for "every name is one of these" checks. */
const known = (names: readonly string[]) => names.map((n) => `'${n.replace(/'/g, "''")}'`).join(', ');

const archiveInconsistent = `archived <> (archived_on is not null) or archived <> (archived_reason is not null) or archived <> (archived_by_id is not null)`;

const blank = (column: string) => `coalesce(trim(${column}), '') = ''`;
/** The project `p` has a row in this link table (optionally one matching `where`, on its alias `x`). */
const projectHas = (table: string, where = 'true') => `exists (select 1 from ${table} x where x.investment_project_id = p.id and ${where})`;
/** Projects `p` at this stage or a later one that meet the condition. */
const projectsFrom = (stage: StageName, condition: string) =>
  `select count(*) from investment_project p join metadata_investment_project_stage s on s.id = p.stage_id where s."order" >= ${STAGE[stage].order} and (${condition})`;
/** Data Hub's ids GVA depends on: the Retention FDI type, the Retail and Sales activities, the Consumer and retail sector. */
const GVA = { retention: GVA_IDS.retentionFdiType, retail: GVA_IDS.retail, sales: GVA_IDS.sales, consumerAndRetail: GVA_IDS.consumerAndRetailSector };

/**
 * The domain rules the demo data must satisfy, each as a query counting the rows that break it. They use
 * plain SQL against the tables, so they hold for any data set, not only the generator's.
 */
const CHECKS: Record<string, string> = {
  // Advisers
  adviser_duplicate_email: `select count(*) from adviser a where exists (select 1 from adviser b where lower(b.email) = lower(a.email) and b.id <> a.id)`,
  // An adviser may have no team (a new starter, the CLI's first admin); a team they have must be enabled.
  adviser_with_disabled_team: `select count(*) from adviser a where ${disabledRef('metadata_team', 'a.dit_team_id')}`,
  adviser_inactive: `select count(*) from adviser where not is_active`,
  // Companies
  company_missing_required: `select count(*) from company where trim(name) = '' or trim(address_line1) = '' or trim(address_town) = '' or address_country_id is null`,
  company_uk_without_region: `select count(*) from company where address_country_id = '${UK}' and uk_region_id is null`,
  company_non_uk_with_region: `select count(*) from company where address_country_id <> '${UK}' and uk_region_id is not null`,
  company_us_ca_without_area_or_postcode: `select count(*) from company where address_country_id in ('${US}', '${CA}') and (address_area_id is null or coalesce(trim(address_postcode), '') = '')`,
  company_area_of_other_country: `select count(*) from company c join metadata_administrative_area a on a.id = c.address_area_id where a.country_id <> c.address_country_id`,
  company_without_business_type_or_sector: `select count(*) from company where business_type_id is null or sector_id is null`,
  company_disabled_reference: `select count(*) from company c where ${[
    ['metadata_country', 'c.address_country_id'],
    ['metadata_uk_region', 'c.uk_region_id'],
    ['metadata_administrative_area', 'c.address_area_id'],
    ['metadata_sector', 'c.sector_id'],
    ['metadata_business_type', 'c.business_type_id'],
    ['metadata_employee_range', 'c.employee_range_id'],
    ['metadata_turnover_range', 'c.turnover_range_id'],
    ['metadata_headquarter_type', 'c.headquarter_type_id'],
    ['metadata_one_list_tier', 'c.one_list_tier_id'],
  ]
    .map(([table, column]) => disabledRef(table, column))
    .join(' or ')}`,
  company_invalid_duns: `select count(*) from company where duns_number is not null and duns_number !~ '^[0-9]{9}$'`,
  company_duplicate_duns: `select count(*) from company c where c.duns_number is not null and exists (select 1 from company d where d.duns_number = c.duns_number and d.id <> c.id)`,
  company_is_own_global_hq: `select count(*) from company where global_headquarters_id = id`,
  company_global_hq_not_ghq: `select count(*) from company c join company g on g.id = c.global_headquarters_id where g.headquarter_type_id is distinct from '${GHQ}'`,
  company_ghq_with_global_hq: `select count(*) from company where headquarter_type_id = '${GHQ}' and global_headquarters_id is not null`,
  company_uk_branch_not_uk_or_no_br_number: `select count(*) from company where business_type_id = '${BRANCH}' and (address_country_id <> '${UK}' or coalesce(company_number, '') !~ '^BR')`,
  company_archive_fields_inconsistent: `select count(*) from company where ${archiveInconsistent}`,
  company_modified_before_created: `select count(*) from company where modified_on < created_on`,
  export_country_disabled_country: `select count(*) from company_export_country e where ${disabledRef('metadata_country', 'e.country_id')}`,
  // Data Hub keeps a history of every change: a listed country was inserted once, with that status.
  export_country_without_history: `select count(*) from company_export_country e where not exists (
    select 1 from company_export_country_history h where h.company_id = e.company_id and h.country_id = e.country_id and h.history_type = 'insert')`,

  // Contacts
  contact_email_not_lowercase: `select count(*) from contact where email <> lower(email)`,
  contact_duplicate_email_in_company: `select count(*) from contact c where exists (select 1 from contact d where d.company_id = c.company_id and d.email = c.email and d.id <> c.id)`,
  contact_both_or_neither_address: `select count(*) from contact where case when address_same_as_company
      then coalesce(address_line1, address_line2, address_town, address_county, address_postcode, address_area_id::text, address_country_id::text) is not null
      else coalesce(trim(address_line1), '') = '' or coalesce(trim(address_town), '') = '' or address_country_id is null end`,
  contact_area_of_other_country: `select count(*) from contact c join metadata_administrative_area a on a.id = c.address_area_id where a.country_id is distinct from c.address_country_id`,
  company_primary_contacts_not_one: `select count(*) from (select company_id from contact group by company_id having count(*) filter (where "primary") <> 1) x`,
  contact_archive_fields_inconsistent: `select count(*) from contact where ${archiveInconsistent}`,

  // Interactions
  interaction_without_contacts: `select count(*) from interaction i where not exists (select 1 from interaction_contact ic where ic.interaction_id = i.id)`,
  interaction_contact_of_other_company: `select count(*) from interaction_contact ic join interaction i on i.id = ic.interaction_id join contact c on c.id = ic.contact_id where c.company_id <> i.company_id`,
  interaction_company_not_mirrored: `select count(*) from interaction i where not exists (select 1 from interaction_company x where x.interaction_id = i.id and x.company_id = i.company_id)
      or exists (select 1 from interaction_company x where x.interaction_id = i.id and x.company_id <> i.company_id)`,
  interaction_without_participants: `select count(*) from interaction i where not exists (select 1 from interaction_dit_participant p where p.interaction_id = i.id)`,
  participant_team_not_advisers: `select count(*) from interaction_dit_participant p join adviser a on a.id = p.adviser_id where p.team_id is distinct from a.dit_team_id`,
  interaction_missing_subject_or_theme: `select count(*) from interaction where trim(subject) = '' or theme is null`,
  interaction_investment_theme_not_interaction: `select count(*) from interaction where theme = 'investment' and kind <> 'interaction'`,
  interaction_complete_without_service: `select count(*) from interaction where status = 'complete' and service_id is null`,
  interaction_service_not_leaf: `select count(*) from interaction i where exists (select 1 from metadata_service c where c.parent_id = i.service_id)`,
  interaction_service_disabled: `select count(*) from interaction i where ${disabledRef('metadata_service', 'i.service_id')}`,
  // Every enabled question of the service answered with exactly one of its enabled options, and nothing else.
  interaction_service_answers_invalid: `select count(*) from interaction i where
      (i.service_id is null and i.service_answers is not null)
      or (i.service_id is not null and case when jsonb_typeof(coalesce(i.service_answers, '{}'::jsonb)) <> 'object' then true else
        exists (select 1 from metadata_service_question q
                 where q.service_id = i.service_id and q.disabled_on is null and i.service_answers -> q.id::text is null)
        or exists (select 1 from jsonb_each(coalesce(i.service_answers, '{}'::jsonb)) a
                    where not exists (select 1 from metadata_service_question q
                                       where q.id::text = a.key and q.service_id = i.service_id and q.disabled_on is null)
                       or case when jsonb_typeof(a.value) <> 'object' then true else
                            (select count(*) from jsonb_object_keys(a.value)) <> 1
                            or not exists (select 1 from jsonb_object_keys(a.value) k
                                            join metadata_service_answer_option o on o.id::text = k
                                           where o.question_id::text = a.key and o.disabled_on is null) end)
      end)`,
  interaction_channel_not_iff_interaction: `select count(*) from interaction i where (i.kind = 'interaction') <> (i.communication_channel_id is not null) or ${disabledRef('metadata_communication_channel', 'i.communication_channel_id')}`,
  interaction_policy_feedback_incomplete: `select count(*) from interaction i where i.was_policy_feedback_provided and (coalesce(trim(i.policy_feedback_notes), '') = ''
      or not exists (select 1 from interaction_policy_area x where x.interaction_id = i.id)
      or not exists (select 1 from interaction_policy_issue_type x where x.interaction_id = i.id))`,
  interaction_policy_without_feedback: `select count(*) from interaction i where not i.was_policy_feedback_provided and (i.policy_feedback_notes is not null
      or exists (select 1 from interaction_policy_area x where x.interaction_id = i.id)
      or exists (select 1 from interaction_policy_issue_type x where x.interaction_id = i.id))`,
  interaction_notes_too_long: `select count(*) from interaction where char_length(notes) > 10000`,
  interaction_date_outside_last_3_years: `select count(*) from interaction where date > current_date or date < current_date - interval '3 years 1 month'`,
  interaction_without_creator: `select count(*) from interaction i where not exists (select 1 from adviser a where a.id = i.created_by_id)`,
  interaction_modified_before_created: `select count(*) from interaction where modified_on < created_on`,
  interaction_archive_fields_inconsistent: `select count(*) from interaction where ${archiveInconsistent}`,

  // Investment projects (the rules of investment-project.rules.ts and the stage table of investment-project.stages.ts)
  investment_project_missing_always_required: `select count(*) from investment_project p where p.investor_company_id is null or p.client_relationship_manager_id is null
      or p.referral_source_adviser_id is null or p.referral_source_activity_id is null or p.sector_id is null
      or not ${projectHas('investment_project_client_contact')} or not ${projectHas('investment_project_business_activity')}`,
  investment_project_prospect_fields_missing: projectsFrom(
    'prospect',
    `${blank('p.name')} or ${blank('p.description')}
      or (p.referral_source_activity_id = '${REF_IDS.referralEvent}' and ${blank('p.referral_source_activity_event')})
      or (p.referral_source_activity_id = '${REF_IDS.referralMarketing}' and p.referral_source_activity_marketing_id is null)
      or (p.referral_source_activity_id = '${REF_IDS.referralWebsite}' and p.referral_source_activity_website_id is null)
      or (${projectHas('investment_project_business_activity', `x.investment_business_activity_id = '${REF_IDS.otherBusinessActivity}'`)} and ${blank('p.other_business_activity')})`,
  ),
  investment_project_fdi_type_not_iff_fdi: `select count(*) from investment_project where (investment_type_id = '${REF_IDS.fdi}') <> (fdi_type_id is not null)`,
  investment_project_assign_pm_fields_missing: projectsFrom(
    'assignPm',
    `p.client_cannot_provide_total_investment is null or (not p.client_cannot_provide_total_investment and p.total_investment is null)
      or not ${projectHas('investment_project_strategic_driver')} or ${blank('p.client_requirements')}
      or p.client_considering_other_countries is null or (p.client_considering_other_countries and not ${projectHas('investment_project_competitor_country')})
      or not ${projectHas('investment_project_uk_region_location')}`,
  ),
  investment_project_active_fields_missing: projectsFrom('active', 'p.project_manager_id is null or p.project_assurance_adviser_id is null or p.likelihood_to_land_id is null'),
  // Every site field is required once whether the site is the company's address is answered, which Verify win requires.
  investment_project_verify_win_fields_missing: projectsFrom(
    'verifyWin',
    `p.client_cannot_provide_foreign_investment is null or (not p.client_cannot_provide_foreign_investment and p.foreign_equity_investment is null)
      or p.government_assistance is null or p.number_new_jobs is null or (p.number_new_jobs > 0 and p.average_salary_id is null)
      or p.number_safeguarded_jobs is null or p.r_and_d_budget is null or p.non_fdi_r_and_d_budget is null or p.new_tech_to_uk is null or p.export_revenue is null
      or p.site_address_is_company_address is null or ${blank('p.address_1')} or ${blank('p.address_town')} or ${blank('p.address_postcode')}
      or p.actual_land_date is null or p.uk_company_id is null or p.investor_type_id is null or p.level_of_involvement_id is null
      or not ${projectHas('investment_project_actual_uk_region')} or not ${projectHas('investment_project_delivery_partner')} or not ${projectHas('investment_project_specific_programme')}`,
  ),
  investment_project_won_not_iff_stage_won: `select count(*) from investment_project where (status = 'won') <> (stage_id = '${STAGE.won.id}')`,
  investment_project_status_without_reason: `select count(*) from investment_project where (status = 'delayed' and ${blank('reason_delayed')})
      or (status = 'lost' and (${blank('reason_lost')} or date_lost is null)) or (status = 'abandoned' and (${blank('reason_abandoned')} or date_abandoned is null))`,
  investment_project_client_contact_of_other_company: `select count(*) from investment_project_client_contact x join investment_project p on p.id = x.investment_project_id
      join contact c on c.id = x.contact_id where c.company_id is distinct from p.investor_company_id`,
  // The multiplier is the latest of the sector GVA uses (none unless FDI and not a retention), the value it times the new jobs (labour) or the foreign equity investment (capital), rounded.
  investment_project_gva_inconsistent: `select count(*) from investment_project p
      left join lateral (select g.id, g.multiplier, g.sector_classification_gva_multiplier as classification from metadata_gva_multiplier g
        where g.sector_id = case when p.investment_type_id <> '${REF_IDS.fdi}' or p.fdi_type_id is not distinct from '${GVA.retention}' then null
                                 when ${projectHas('investment_project_business_activity', `x.investment_business_activity_id in ('${GVA.retail}', '${GVA.sales}')`)} then '${GVA.consumerAndRetail}'::uuid
                                 else p.sector_id end
        order by g.financial_year desc, g.id limit 1) m on true
      where p.gva_multiplier_id is distinct from m.id
         or p.gross_value_added is distinct from floor((case when m.classification = 'labour' then p.number_new_jobs else p.foreign_equity_investment end)::float8 * m.multiplier + 0.5)::numeric`,
  // A project is created at Prospect, which its log records then; the log's latest entry is the stage it is at.
  investment_project_stage_log_not_from_prospect: `select count(*) from investment_project p where '${STAGE.prospect.id}' is distinct from (
      select l.stage_id from investment_project_stage_log l where l.investment_project_id = p.id order by l.created_on, l.id limit 1)`,
  investment_project_stage_log_before_creation: `select count(*) from investment_project_stage_log l join investment_project p on p.id = l.investment_project_id where l.created_on < p.created_on`,
  investment_project_stage_log_not_ending_at_stage: `select count(*) from investment_project p where p.stage_id is distinct from (
      select l.stage_id from investment_project_stage_log l where l.investment_project_id = p.id order by l.created_on desc, l.id desc limit 1)`,
  investment_project_team_member_twice: `select count(*) from (select 1 from investment_project_team_member group by investment_project_id, adviser_id having count(*) > 1) x`,
  investment_project_team_member_without_role: `select count(*) from investment_project_team_member where ${blank('role')}`,
  investment_project_disabled_reference: `select count(*) from investment_project p where ${[
    ['metadata_investment_type', 'p.investment_type_id'],
    ['metadata_fdi_type', 'p.fdi_type_id'],
    ['metadata_investment_project_stage', 'p.stage_id'],
    ['metadata_likelihood_to_land', 'p.likelihood_to_land_id'],
    ['metadata_referral_source_activity', 'p.referral_source_activity_id'],
    ['metadata_referral_source_marketing', 'p.referral_source_activity_marketing_id'],
    ['metadata_referral_source_website', 'p.referral_source_activity_website_id'],
    ['metadata_sector', 'p.sector_id'],
    ['metadata_country', 'p.country_lost_to_id'],
    ['metadata_salary_range', 'p.average_salary_id'],
    ['metadata_fdi_value', 'p.fdi_value_id'],
    ['metadata_project_manager_request_status', 'p.project_manager_request_status_id'],
    ['metadata_investor_type', 'p.investor_type_id'],
    ['metadata_involvement', 'p.level_of_involvement_id'],
  ]
    .map(([table, column]) => disabledRef(table, column))
    .join(' or ')}`,
  investment_project_archive_fields_inconsistent: `select count(*) from investment_project where ${archiveInconsistent}`,
  investment_project_modified_before_created: `select count(*) from investment_project where modified_on < created_on`,

  // Tasks (the rules of src/modules/task/task.rules.ts)
  task_title_blank_or_long: `select count(*) from task where ${blank('title')} or length(title) > 255`,
  task_without_adviser: `select count(*) from task t where not exists (select 1 from task_adviser a where a.task_id = t.id)`,
  task_more_than_one_related_record: `select count(*) from task where num_nonnulls(company_id, investment_project_id, interaction_id) > 1`,
  task_reminder_without_due_date: `select count(*) from task where reminder_days is not null and due_date is null`,
  task_reminder_days_out_of_range: `select count(*) from task where reminder_days not between 1 and ${MAX_REMINDER_DAYS}`,
  task_reminder_date_not_due_date_less_days: `select count(*) from task where reminder_date is distinct from (due_date - reminder_days)`,
  task_adviser_inactive: `select count(*) from task_adviser x join adviser a on a.id = x.adviser_id where not a.is_active`,
  task_archive_fields_inconsistent: `select count(*) from task where ${archiveInconsistent}`,
  task_modified_before_created: `select count(*) from task where modified_on < created_on`,
};

/**
 * Groups and permissions are the modules' (src/system.ts installs them), so these are made when run: an
 * unknown name would grant nothing, silently.
 */
const accessChecks = (): Record<string, string> => ({
  adviser_unknown_group: `select count(*) from adviser a, unnest(a.groups) g where g not in (${known(groupNames())})`,
  adviser_unknown_permission: `select count(*) from adviser a, unnest(a.permissions) p where p not in (${known(allPermissions())})`,
  team_role_unknown_group: `select count(*) from metadata_team_role r, unnest(r.groups) g where g not in (${known(groupNames())})`,
});

/** Runs every rule check; each entry is the number of rows that break the rule (all expected to be 0). */
export async function checkDemoInvariants(em: EntityManager): Promise<Record<string, number>> {
  const results: Record<string, number> = {};
  const conn = em.getConnection();
  for (const [name, sql] of Object.entries({ ...CHECKS, ...accessChecks() })) {
    const [row] = (await conn.execute(sql, [], 'all', em.getTransactionContext())) as Array<Record<string, unknown>>;
    results[name] = Number(Object.values(row)[0]);
  }
  return results;
}
