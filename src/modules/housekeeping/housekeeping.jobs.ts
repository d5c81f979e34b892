import type { EntityManager } from '@mikro-orm/core';
import type { JobCounts } from '../../jobs/job-runs.js';
import type { Job, JobDeps, JobRun } from '../../jobs/job.js';
import { Company } from '../company/index.js';
import { Contact } from '../contact/index.js';
import { isFeatureEnabled } from '../feature-flag/index.js';
import { archivableCompanies, contactsOfArchivedCompanies, idleAdvisers, type Criteria } from './housekeeping.criteria.js';
import { adviserCutoff, companyCutoffs } from './housekeeping.cutoffs.js';
import { archiveAll, deactivateAll } from './housekeeping.writes.js';

/**
 * Data Hub's automatic archive tasks: inactive companies archived, the contacts of archived companies
 * archived, idle advisers deactivated. Each job is behind its own environment-wide feature flag, of the same
 * name, off until switched on (`feature:set --flag NAME --on`): with it off a run changes nothing and says
 * so. A job reads its day from its slot, never the clock, so a run for a slot chooses the same records
 * whenever it runs, and a second run for it finds nothing more to change.
 */
export const HOUSEKEEPING_FLAGS = {
  'auto-archive-companies': 'The auto-archive-companies job archives companies inactive for five years (and their whole group), daily.',
  'auto-archive-contacts': 'The auto-archive-contacts job archives the contacts of archived companies, daily.',
  'auto-deactivate-advisers': 'The auto-deactivate-advisers job deactivates advisers with no activity for two years, daily.',
} as const;

type Flag = keyof typeof HOUSEKEEPING_FLAGS;

const select = <T>(em: EntityManager, criteria: Criteria): Promise<T[]> => em.getConnection().execute(criteria.text, criteria.params, 'all') as Promise<T[]>;

/** A job's run behind its flag: with the flag off, nothing is read or written, and the log says why. */
function behindFlag(flag: Flag, run: (em: EntityManager, deps: JobDeps, job: JobRun) => Promise<JobCounts>): Job['run'] {
  return async (deps, job) => {
    const em = deps.orm.em.fork();
    if (!(await isFeatureEnabled(em, flag))) {
      deps.logger.info('job skipped: its feature flag is off', { job: flag, flag });
      return { skipped: 1 };
    }
    return run(em, deps, job);
  };
}

/** Data Hub's reasons, word for word: what an adviser reads on the archived record. */
export const COMPANY_REASON = 'This record was automatically archived due to inactivity';
export const contactReason = (companyName: string) => `Record was automatically archived due to the company "${companyName}" being archived`;

export const housekeepingJobs: Record<Flag, Job> = {
  'auto-archive-companies': {
    schedule: '0 0 2 * * *',
    description: 'Automatic company archive, daily at 02:00 (behind its flag): companies with no interaction for five years, no active investor project, untouched for three months, whose whole group is inactive.',
    run: behindFlag('auto-archive-companies', async (em, _deps, { slot, signal }) => {
      const ids = await select<{ id: string }>(em, archivableCompanies(companyCutoffs(slot.day)));
      return { companies: await archiveAll(em, Company, ids.map(({ id }) => ({ id, reason: COMPANY_REASON })), signal) };
    }),
  },
  'auto-archive-contacts': {
    schedule: '0 30 2 * * *',
    description: "Automatic contact archive, daily at 02:30, after the companies' (behind its flag): the contacts of archived companies.",
    run: behindFlag('auto-archive-contacts', async (em, _deps, { signal }) => {
      const rows = await select<{ id: string; company_name: string }>(em, contactsOfArchivedCompanies());
      return { contacts: await archiveAll(em, Contact, rows.map((r) => ({ id: r.id, reason: contactReason(r.company_name) })), signal) };
    }),
  },
  'auto-deactivate-advisers': {
    schedule: '0 0 3 * * *',
    description: 'Automatic adviser deactivation, daily at 03:00 (behind its flag): non-SSO advisers with no activity for two years.',
    run: behindFlag('auto-deactivate-advisers', async (em, _deps, { slot, signal }) => {
      const ids = await select<{ id: string }>(em, idleAdvisers(adviserCutoff(slot.day)));
      return { advisers: await deactivateAll(em, ids.map((r) => r.id), signal) };
    }),
  },
};
