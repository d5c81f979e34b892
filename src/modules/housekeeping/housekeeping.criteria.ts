import type { AdviserCutoff, CompanyCutoffs } from './housekeeping.cutoffs.js';

/**
 * The records each housekeeping job changes, as Data Hub's automatic archive tasks choose them
 * (datahub/company/tasks/{company,contact,adviser}.py), written anew as one statement each for the cut-offs
 * of the run's slot. Each returns `id` (and what the job needs to word its reason), at most `limit` rows,
 * the oldest first (created_on, then id to break ties; companies by group, below): a run capped at its
 * limit (housekeeping.jobs.ts) chooses the same records whenever it runs, and leaves the newer ones to the
 * following days' runs.
 */
export type Criteria = { text: string; params: unknown[] };

/** Investment projects still alive: live, ongoing or delayed, at any stage (Data Hub: status ongoing). */
const ACTIVE_PROJECT = `not p.archived and p.status in ('ongoing', 'delayed')`;

/**
 * Companies to archive: not archived; no interaction (archived or not, as the company of record or one of
 * its companies) dated on or after the five-year cut-off; not an investor company of an active investment
 * project; created and last changed before the three-month cut-off; and every other company of its global
 * headquarters group (the headquarters and the companies naming it) archived already or archived with it.
 * Data Hub's group is its "related companies" (one global ultimate DUNS number); here it is the global
 * headquarters link the CRM keeps.
 *
 * Oldest first by group: the group's headquarters' created_on (a company on its own heads its own group),
 * then each company's. A group's companies come together, so a capped run splits at most one group, and
 * that group keeps its place (its headquarters') in the next run's order: the rest of it is archived before
 * any group the cap left untouched.
 *
 * Left out, as the CRM has no such records yet: OMIS orders (Data Hub keeps a company with any order) and
 * large capital investor profiles (one with any profile). Add them here when their modules exist.
 */
export function archivableCompanies(cutoffs: CompanyCutoffs, limit: number): Criteria {
  return {
    text: `with candidate as (
             select c.id, c.created_on, coalesce(c.global_headquarters_id, c.id) as grp
               from company c
              where not c.archived
                and c.created_on < ?::timestamptz and c.modified_on < ?::timestamptz
                and not exists (select 1 from interaction i where i.company_id = c.id and i.date >= ?::date)
                and not exists (select 1 from interaction_company ic join interaction i on i.id = ic.interaction_id
                                 where ic.company_id = c.id and i.date >= ?::date)
                and not exists (select 1 from investment_project p where p.investor_company_id = c.id and ${ACTIVE_PROJECT}))
           select c.id from candidate c join company h on h.id = c.grp
            where not exists (select 1 from company m
                               where coalesce(m.global_headquarters_id, m.id) = c.grp and not m.archived
                                 and not exists (select 1 from candidate x where x.id = m.id))
            order by h.created_on, c.grp, c.created_on, c.id
            limit ?`,
    params: [cutoffs.untouchedSince.toISOString(), cutoffs.untouchedSince.toISOString(), cutoffs.interactionsSince, cutoffs.interactionsSince, limit],
  };
}

/** Contacts to archive: live contacts of archived companies (however the company was archived), with its name. */
export function contactsOfArchivedCompanies(limit: number): Criteria {
  return {
    text: `select ct.id, co.name as company_name
             from contact ct join company co on co.id = ct.company_id
            where not ct.archived and co.archived
            order by ct.created_on, ct.id
            limit ?`,
    params: [limit],
  };
}

/**
 * Advisers to deactivate: active, not signed in through SSO (an SSO account is managed there), joined before
 * the two-year cut-off, and with nothing of theirs since: no interaction they created, changed, archived or
 * took part in dated or changed since; no company, contact or investment project they created, changed,
 * archived or hold a role on changed since; no event they created, changed or organise changed or held
 * since; and on no One List core team or investment project team at all. Data Hub also looks at OMIS
 * orders, company referrals and large capital opportunities, which the CRM does not have yet.
 */
export function idleAdvisers(cutoff: AdviserCutoff, limit: number): Criteria {
  const since = '?::timestamptz';
  const sinceDay = '?::date';
  const text = `select a.id from adviser a
     where a.is_active and a.sso_email_user_id is null and a.created_on < ${since}
       and not exists (select 1 from interaction i
                        where (i.date >= ${sinceDay} or i.modified_on >= ${since})
                          and (a.id in (i.created_by_id, i.modified_by_id, i.archived_by_id)
                               or exists (select 1 from interaction_dit_participant dp where dp.interaction_id = i.id and dp.adviser_id = a.id)))
       and not exists (select 1 from company c where c.modified_on >= ${since}
                          and a.id in (c.created_by_id, c.modified_by_id, c.archived_by_id, c.one_list_account_owner_id, c.transferred_by_id))
       and not exists (select 1 from contact ct where ct.modified_on >= ${since}
                          and a.id in (ct.created_by_id, ct.modified_by_id, ct.archived_by_id))
       and not exists (select 1 from investment_project p where p.modified_on >= ${since}
                          and a.id in (p.created_by_id, p.modified_by_id, p.archived_by_id, p.client_relationship_manager_id, p.project_manager_id,
                                       p.project_manager_first_assigned_by_id, p.referral_source_adviser_id, p.project_assurance_adviser_id))
       and not exists (select 1 from event e where (e.modified_on >= ${since} or e.start_date >= ${sinceDay} or e.end_date >= ${sinceDay})
                          and a.id in (e.created_by_id, e.modified_by_id, e.organiser_id))
       and not exists (select 1 from company_one_list_core_team_member m where m.adviser_id = a.id)
       and not exists (select 1 from investment_project_team_member m where m.adviser_id = a.id)
     order by a.created_on, a.id
     limit ?`;
  const day = cutoff.day;
  const instant = cutoff.instant.toISOString();
  // The placeholders in the order they appear.
  const params = [instant, day, instant, instant, instant, instant, instant, day, day, limit];
  return { text, params };
}
