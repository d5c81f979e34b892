import type { EntityManager } from '@mikro-orm/core';
import type { JobCounts } from '../../jobs/job-runs.js';
import type { Job, JobRun } from '../../jobs/job.js';
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

/**
 * The most records one run of each job changes: Data Hub's cap on its automatic company archive
 * (`limit=20000`), here on each of the three jobs. Switched on for the first time over a large database, a
 * job then works through the backlog a cap a day, the oldest first, instead of in one long run.
 */
export const HOUSEKEEPING_CAP = 20_000;

/**
 * At most `cap` of the rows the criteria gave, asked for one more than the cap: that extra row says cheaply
 * whether the run stops at its cap and leaves records to the next runs (`capped` 1), without counting them.
 */
export function withinCap<T>(rows: readonly T[], cap: number): { rows: T[]; capped: 0 | 1 } {
  return { rows: rows.slice(0, cap), capped: rows.length > cap ? 1 : 0 };
}

/** What a job's run is given: its own ORM context, its run (slot, signal), and `choose`: its criteria's records within the cap. */
type CappedRun = {
  em: EntityManager;
  job: JobRun;
  choose: <T>(criteria: (limit: number) => Criteria) => Promise<T[]>;
};

/**
 * A job's run behind its flag: with the flag off, nothing is read or written, and the log says why. With it
 * on, the run's counts say how many it changed and whether it stopped at the cap (`capped` 1, or 0: always
 * there, so a job's last-run metric drops back to 0 once the backlog is done), and a capped run logs it.
 */
function behindFlag(flag: Flag, cap: number, run: (r: CappedRun) => Promise<JobCounts>): Job['run'] {
  return async (deps, job): Promise<JobCounts> => {
    const em = deps.orm.em.fork();
    if (!(await isFeatureEnabled(em, flag))) {
      deps.logger.info('job skipped: its feature flag is off', { job: flag, flag });
      return { skipped: 1 };
    }
    let capped = 0 as 0 | 1;
    const choose = async <T>(criteria: (limit: number) => Criteria): Promise<T[]> => {
      const { text, params } = criteria(cap + 1);
      const chosen = withinCap((await em.getConnection().execute(text, params, 'all')) as T[], cap);
      capped = chosen.capped;
      if (capped) deps.logger.info('job stopped at its cap: the rest are left to the next runs', { job: flag, cap });
      return chosen.rows;
    };
    const counts = await run({ em, job, choose });
    return { ...counts, capped };
  };
}

/** Data Hub's reasons, word for word: what an adviser reads on the archived record. */
export const COMPANY_REASON = 'This record was automatically archived due to inactivity';
export const contactReason = (companyName: string) => `Record was automatically archived due to the company "${companyName}" being archived`;

/**
 * The three jobs, each run changing at most `cap` records. The manifest's are `housekeepingJobs` (Data Hub's
 * cap); a test makes its own with a small cap (`housekeepingJobsWith({ cap: 2 })`) instead of setting the
 * environment, and runs one through runJob as `job:run` does.
 */
export function housekeepingJobsWith({ cap }: { cap: number }): Record<Flag, Job> {
  if (!Number.isSafeInteger(cap) || cap < 1) throw new RangeError(`a housekeeping job's cap is a whole number of records, at least 1 (not ${cap})`);
  return {
    'auto-archive-companies': {
      schedule: '0 0 2 * * *',
      description: `Automatic company archive, daily at 02:00 (behind its flag): companies with no interaction for five years, no active investor project, untouched for three months, whose whole group is inactive; at most ${cap.toLocaleString('en-GB')} a run, the oldest first.`,
      run: behindFlag('auto-archive-companies', cap, async ({ em, job: { slot, signal }, choose }) => {
        const ids = await choose<{ id: string }>((limit) => archivableCompanies(companyCutoffs(slot.day), limit));
        return { companies: await archiveAll(em, Company, ids.map(({ id }) => ({ id, reason: COMPANY_REASON })), signal) };
      }),
    },
    'auto-archive-contacts': {
      schedule: '0 30 2 * * *',
      description: `Automatic contact archive, daily at 02:30, after the companies' (behind its flag): the contacts of archived companies; at most ${cap.toLocaleString('en-GB')} a run, the oldest first.`,
      run: behindFlag('auto-archive-contacts', cap, async ({ em, job: { signal }, choose }) => {
        const rows = await choose<{ id: string; company_name: string }>((limit) => contactsOfArchivedCompanies(limit));
        return { contacts: await archiveAll(em, Contact, rows.map((r) => ({ id: r.id, reason: contactReason(r.company_name) })), signal) };
      }),
    },
    'auto-deactivate-advisers': {
      schedule: '0 0 3 * * *',
      description: `Automatic adviser deactivation, daily at 03:00 (behind its flag): non-SSO advisers with no activity for two years; at most ${cap.toLocaleString('en-GB')} a run, the oldest first.`,
      run: behindFlag('auto-deactivate-advisers', cap, async ({ em, job: { slot, signal }, choose }) => {
        const ids = await choose<{ id: string }>((limit) => idleAdvisers(adviserCutoff(slot.day), limit));
        return { advisers: await deactivateAll(em, ids.map((r) => r.id), signal) };
      }),
    },
  };
}

export const housekeepingJobs = housekeepingJobsWith({ cap: HOUSEKEEPING_CAP });
