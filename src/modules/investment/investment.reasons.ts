import { defineReasons, type ReasonsOf } from '../../errors.js';

/** The investment module's reason codes (src/errors.ts ErrorReasons). */
export const investmentReasons = defineReasons({
  FDI_TYPE_ONLY_FOR_FDI: 'Only an FDI project has an FDI type: clear fdiTypeId, or make the investment type FDI.',
  WON_ONLY_AT_WON_STAGE: 'The status won comes only with the Won stage: move the project to Won, or choose another status.',
  CONTACT_NOT_OF_INVESTOR: 'A client contact is not a contact of the investor company: choose its contacts.',
  ONLY_PM_OR_PAA: "Only the project's manager or assurance adviser may move it forward to Verify win: ask one of them.",
  ONLY_VERIFICATION_TEAM: 'Only the Investment Verification Team (change_to_any_stage_investmentproject) may move a project forward to Won.',
  NOT_ASSOCIATED: 'The project is not one of your team\'s (change_associated_investmentproject): ask a member of its team.',
  ADVISER_NOT_ACTIVE: 'The adviser chosen is inactive, so cannot be newly named on a record (one already named stays): choose an active adviser.',
  TEAM_MEMBER_TWICE: 'An adviser is on the team twice: give each adviser once.',
});

declare module '../../errors.js' {
  interface ErrorReasons extends ReasonsOf<typeof investmentReasons> {}
}
