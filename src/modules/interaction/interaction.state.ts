import type { ExportCountryStatus } from '../company/index.js';
import type { InteractionKind, InteractionStatus, InteractionTheme } from './interaction.entity.js';

/** An interaction as the rules see it: the values it would have after the write, references by id. */
export type InteractionState = {
  id?: string;
  kind: InteractionKind | null;
  status: InteractionStatus | null;
  theme: InteractionTheme | null;
  date: string | null;
  subject: string | null;
  notes: string | null;
  /** The legacy single company: the first of `companyIds`. */
  companyId: string | null;
  companyIds: string[];
  contactIds: string[];
  participantAdviserIds: string[];
  serviceId: string | null;
  serviceAnswers: unknown;
  communicationChannelId: string | null;
  serviceDeliveryStatusId: string | null;
  grantAmountOffered: number | null;
  netCompanyReceipt: number | null;
  wasPolicyFeedbackProvided: boolean | null;
  policyAreaIds: string[];
  policyIssueTypeIds: string[];
  policyFeedbackNotes: string | null;
  wereCountriesDiscussed: boolean | null;
  /** The investment project it is about (investment theme only). */
  investmentProjectId: string | null;
  exportCountries: Array<{ countryId: string; status: ExportCountryStatus }>;
};
