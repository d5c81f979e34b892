import type { Issues } from '../../errors.js';
import type { Row } from '../../db/read-model.js';
import { InteractionKind, InteractionTheme } from './interaction.entity.js';
import type { InteractionState } from './interaction.state.js';

/**
 * The rules of the interaction form that Data Hub's serializer adds to the core ones (interaction.rules.ts):
 * the countries discussed, and the service offered only where its contexts allow the interaction's kind and
 * theme. Pure functions of the state after the write, the state before (undefined on create) and facts.
 */

/** The themes whose form asks whether export countries were discussed (Data Hub: export and other). */
export const COUNTRY_THEMES: ReadonlySet<InteractionTheme | null> = new Set([InteractionTheme.EXPORT, InteractionTheme.OTHER]);

/**
 * Countries discussed, as Data Hub's rules have them: asked (required on create) for the export and other
 * themes; countries required exactly when they were discussed; neither for any other theme (the investment
 * theme forbids them, domain.md §2); each country once.
 */
export function checkCountries(next: InteractionState, before: InteractionState | undefined, issues: Issues): void {
  const asked = COUNTRY_THEMES.has(next.theme);
  const countries = next.exportCountries.length > 0;
  if (!asked) {
    const theme = next.theme ? `the ${next.theme.replace('_', ' ')} theme` : 'an interaction without a theme';
    if (next.wereCountriesDiscussed) issues.add('wereCountriesDiscussed', 'NOT_FOR_THEME', `Countries are discussed only on export and other themes, not ${theme}.`);
    if (countries) issues.add('exportCountries', 'NOT_FOR_THEME', `Export countries are recorded only on export and other themes, not ${theme}.`);
    return;
  }
  if (!before && next.wereCountriesDiscussed == null) {
    issues.add('wereCountriesDiscussed', 'REQUIRED', 'Say whether export countries were discussed (export and other themes).');
  }
  if (next.wereCountriesDiscussed && !countries) issues.add('exportCountries', 'REQUIRED', 'Give the countries discussed, at least one.');
  if (!next.wereCountriesDiscussed && countries) {
    issues.add('exportCountries', 'ONLY_WHEN_COUNTRIES_DISCUSSED', 'Give export countries only when countries were discussed (wereCountriesDiscussed: true).');
  }
}

/** The countries the write adds to the interaction: those merged into the company's export list. */
export function addedCountries(next: InteractionState, before: InteractionState | undefined): InteractionState['exportCountries'] {
  const had = new Set(before?.exportCountries.map((e) => e.countryId));
  return next.exportCountries.filter((e) => !had.has(e.countryId));
}

const INTERACTION_CONTEXTS = ['interaction', 'export_interaction', 'investment_interaction', 'trade_agreement_interaction', 'other_interaction'];
const DELIVERY_CONTEXTS = ['service_delivery', 'export_service_delivery', 'other_service_delivery'];

/**
 * The service contexts (Data Hub's `Service.Context`) in which a service may be chosen for this kind and
 * theme: export → export_interaction / export_service_delivery; investment → investment_interaction; trade
 * agreement → trade_agreement_interaction (a delivery: other_service_delivery); other and domestic →
 * other_interaction / other_service_delivery. Without a theme (older records), any context of the kind, the
 * deprecated `interaction` and `service_delivery` included.
 */
export function serviceContextsFor(kind: InteractionKind | null, theme: InteractionTheme | null): readonly string[] {
  const delivery = kind === InteractionKind.SERVICE_DELIVERY;
  switch (theme) {
    case InteractionTheme.EXPORT:
      return [delivery ? 'export_service_delivery' : 'export_interaction'];
    case InteractionTheme.INVESTMENT:
      return ['investment_interaction'];
    case InteractionTheme.TRADE_AGREEMENT:
      return [delivery ? 'other_service_delivery' : 'trade_agreement_interaction'];
    case InteractionTheme.OTHER:
    case InteractionTheme.DOMESTIC:
      return [delivery ? 'other_service_delivery' : 'other_interaction'];
    default:
      return delivery ? DELIVERY_CONTEXTS : INTERACTION_CONTEXTS;
  }
}

/**
 * Whether a new interaction may name this company: one that is archived is refused (COMPANY_ARCHIVED), as
 * archived records are read-only. The create mutation's rule (checkLinks) and `CompanyViewerCan.addInteraction`.
 */
export const companyTakesInteractions = (company: { archived: boolean }): boolean => !company.archived;

/** Whether the caller may record an interaction with this company: `add_all_interaction`, and the company takes them. */
export const canAddInteraction = (company: { archived: boolean }, may: { add: boolean }): boolean => may.add && companyTakesInteractions(company);

/** Whether the service, kind or theme changes: then the service is checked against its contexts again. */
export const contextChanges = (next: InteractionState, before: InteractionState | undefined): boolean =>
  next.serviceId !== before?.serviceId || next.kind !== before?.kind || next.theme !== before?.theme;

/** The service (its loaded row, with `contexts`) must be offered for the interaction's kind and theme; false when it is not. */
export function checkServiceContext(next: InteractionState, service: Row, issues: Issues): boolean {
  const allowed = serviceContextsFor(next.kind, next.theme);
  const contexts: string[] = service.contexts ?? [];
  if (contexts.some((c) => allowed.includes(c))) return true;
  const kind = next.kind === InteractionKind.SERVICE_DELIVERY ? 'service deliveries' : 'interactions';
  const theme = next.theme ? `${next.theme.replace('_', ' ')} ` : '';
  issues.add('serviceId', 'SERVICE_NOT_FOR_CONTEXT', `"${service.name}" is not offered for ${theme}${kind} (it is for: ${contexts.join(', ') || 'nothing'}).`);
  return false;
}
