import { defineReasons, type ReasonsOf } from '../../errors.js';

/**
 * The company module's reason codes (src/errors.ts ErrorReasons). Contacts and interactions raise
 * COMPANY_ARCHIVED too, interactions NEGATIVE, and events UK_ONLY: they are declared here, where those
 * modules already depend.
 */
export const companyReasons = defineReasons({
  AREA_NOT_IN_COUNTRY: "The address's area (state or province) is not in its country: choose an area of that country.",
  BRANCH_NEEDS_BR_NUMBER: 'A UK branch of a foreign company needs a "BR" company number (BR and six digits): give it.',
  BRANCH_MUST_BE_IN_UK: "A UK branch of a foreign company must have its address in the UK: correct the address's country or the business type.",
  SELF_REFERENCE: 'A company cannot be its own global headquarters: choose another company.',
  NOT_A_GHQ: 'The global headquarters chosen is not a company whose headquarter type is ghq: choose one that is.',
  GHQ_HAS_GHQ: 'A global headquarters cannot itself have a global headquarters: clear globalHeadquartersId, or change the headquarter type.',
  HAS_SUBSIDIARIES: 'Companies have this one as their global headquarters, so it must stay a ghq: move them first.',
  DNB_READ_ONLY: 'The company is linked to D&B (it has a DUNS number) and this field comes from D&B: leave it unchanged (viewerCan lists these fields).',
  DUPLICATE: 'The country is already in the list of export countries: give each country once.',
  TRANSFERRED: 'The company was merged into another one and stays archived: use the company it was merged into.',
  COMPANY_ARCHIVED: 'The company is archived, so it takes no new contacts, interactions or export countries: choose a live company, or unarchive it.',
  NEGATIVE: 'The number is below zero: give zero or more.',
  UK_ONLY: 'A UK region was given for an address outside the UK: clear ukRegionId, or correct the country.',
});

declare module '../../errors.js' {
  interface ErrorReasons extends ReasonsOf<typeof companyReasons> {}
}
