import { can, isAdviser, readReferenceData, viewAdviserDetails, type RuleTree } from '../../graphql/rules.js';

/**
 * Advisers need `view_advisor` to be listed or looked up. An adviser named on a record (created by, a
 * participant, an account owner) comes with the record, as in Data Hub, but their contact details need
 * `view_advisor` (or to be one's own). Teams are reference data.
 */
export const adviserPermissions: RuleTree = {
  Query: {
    viewer: isAdviser,
    adviser: can('view_advisor'),
    advisers: can('view_advisor'),
    team: readReferenceData,
    teams: readReferenceData,
  },
  Adviser: {
    email: viewAdviserDetails,
    contactEmail: viewAdviserDetails,
    telephoneNumber: viewAdviserDetails,
  },
};
