import { defineAccess, type CodenamesOf } from '../../auth/access.js';
import { hasPermission } from '../../auth/permissions.js';
import { AppError } from '../../errors.js';
import { can, defineRule, isAdviser, missing, readReferenceData, type RuleTree } from '../../graphql/rules.js';

/** Advisers' permission codename, and the groups that have it (no scope grants it). */
export const adviserAccess = defineAccess({
  permissions: { view_advisor: "List and look up advisers, with their contact details (Data Hub's spelling)." },
  grants: { DIT_staff: ['view_advisor'], DA: ['view_advisor'], LEP: ['view_advisor'], 'Read-only analyst': ['view_advisor'] },
});

// The codenames as types, for `can(...)` and the rules everywhere (src/auth/access.ts).
declare module '../../auth/access.js' {
  interface PermissionCodenames extends CodenamesOf<typeof adviserAccess> {}
}

/** An adviser's contact details: `view_advisor`, or their own. No scope grants them. Looks at the row, so not cached. */
export const viewAdviserDetails = defineRule('viewAdviserDetails', '`view_advisor`, or the adviser themself; no scope', 'no_cache', (adviser, ctx) =>
  ctx.viewer.kind !== 'adviser'
    ? new AppError('FORBIDDEN', "Advisers' contact details are not shared with partner clients.")
    : adviser.id === ctx.viewer.adviserId || hasPermission(ctx.viewer, 'view_advisor') || missing('view_advisor'),
);

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
