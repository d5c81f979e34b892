import { defineReasons, type ReasonsOf } from '../../errors.js';

/** The interaction module's reason codes (src/errors.ts ErrorReasons). */
export const interactionReasons = defineReasons({
  COMPANY_OR_COMPANIES: 'Both companyIds and the legacy companyId were given: give companyIds alone.',
  COMPLETE_TO_DRAFT: 'A complete interaction cannot go back to draft: leave its status complete.',
  THEME_CANNOT_BE_CLEARED: 'The theme was set and cannot be cleared: give a theme (another one, if it was wrong).',
  REQUIRED_WHEN_COMPLETE: 'A complete interaction needs this field (a service; an interaction also a communication channel): give it, or save as a draft.',
  CHANNEL_ONLY_FOR_INTERACTION: 'Only an interaction, not a service delivery, has a communication channel: clear communicationChannelId.',
  ONLY_FOR_SERVICE_DELIVERY: 'Only a service delivery has this field (service delivery status, grant offered, net receipt): clear it, or record a service delivery.',
  TOO_LARGE: 'The amount is too large (it must be less than 10^17): correct it.',
  INVESTMENT_NEEDS_INTERACTION: 'The investment theme is only for interactions, not service deliveries: change the kind or the theme.',
  ONLY_WITH_POLICY_FEEDBACK: 'Policy feedback notes, areas and issue types go only with wasPolicyFeedbackProvided: true: clear them, or set it.',
  NO_SERVICE: 'Service answers were given without a service: choose the service first.',
  INVALID_SERVICE_ANSWERS: 'Service answers are not shaped { questionId: { answerOptionId: {} } }: send them so.',
  QUESTION_NOT_OF_SERVICE: 'The service answers name a question that is not one of the service: answer its own questions (interactionServices lists them).',
  ONE_ANSWER_ONLY: 'A service question was answered with more or fewer than one option: choose exactly one.',
  OPTION_NOT_OF_QUESTION: 'The answer chosen is not an option of its question: choose one of its options.',
  SERVICE_NOT_FOR_CONTEXT: "The service is not offered for the interaction's kind and theme: choose one interactionServices(kind, theme) lists.",
  NOT_FOR_THEME: 'Countries discussed are recorded only on the export and other themes: clear wereCountriesDiscussed and exportCountries, or change the theme.',
  ONLY_WHEN_COUNTRIES_DISCUSSED: 'Export countries were given but wereCountriesDiscussed is not true: set it, or clear exportCountries.',
  PROJECT_NEEDS_INVESTMENT_THEME: 'Only an interaction with the investment theme is about an investment project: set theme INVESTMENT, or clear investmentProjectId.',
  PROJECT_ARCHIVED: 'The investment project is archived, so no interaction can be newly linked to it: choose another, or unarchive it.',
  CONTACT_NOT_OF_COMPANY: "A contact is not of any of the interaction's companies: choose contacts of those companies.",
});

declare module '../../errors.js' {
  interface ErrorReasons extends ReasonsOf<typeof interactionReasons> {}
}
