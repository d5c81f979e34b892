import { defineModule } from '../../module.js';
import { HOUSEKEEPING_FLAGS as features, housekeepingJobs as jobs } from './housekeeping.jobs.js';

export { adviserCutoff, companyCutoffs, monthsBefore, yearsBefore } from './housekeeping.cutoffs.js';
export { HOUSEKEEPING_CAP, housekeepingJobsWith, withinCap } from './housekeeping.jobs.js';

/** Housekeeping: Data Hub's automatic archive jobs, each behind its feature flag (src/module.ts). */
export const housekeepingModule = defineModule({ name: 'housekeeping', jobs, features });
