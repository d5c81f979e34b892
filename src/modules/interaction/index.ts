import { registerEmbed } from '../../graphql/lookahead.js';
import { registerReads } from '../../graphql/selected-columns.js';
import { trackedFieldResolvers } from '../adviser/index.js';
import { exportCountriesJsonSql, latestDateSql, participantsJsonSql } from './interaction.loaders.js';
import { interactionModel } from './interaction.model.js';
import { InteractionResolver } from './interaction.resolver.js';
import { CompanyViewerCanAddInteraction } from './interaction.viewer-can.js';
import {
  ADVISER_LINK,
  AdviserInteractionFields,
  COMPANY_LINK,
  INVESTMENT_PROJECT_LINK,
  InvestmentProjectInteractionFields,
  CompanyInteractionFields,
  ContactInteractionFields,
  InteractionExportCountryFields,
  InteractionFields,
  InteractionParticipantFields,
  InteractionType,
} from './interaction.types.js';
import { defineModule } from '../../module.js';
import { interactionReasons as reasons } from './interaction.reasons.js';
import { interactionDemo as demo } from './interaction.demo.js';
import { interactionSearch as search } from './interaction.search.js';
import { Interaction as InteractionEntity, InteractionExportCountry as ExportCountryEntity, InteractionParticipant as ParticipantEntity } from './interaction.entity.js';
import { interactionPermissions as rules, interactionReaders as readers, interactionAccess as access } from './interaction.permissions.js';
import { createInteractionService as createService } from './interaction.service.js';
import { interactionRowRules as rowRules } from './interaction.row-rules.js';

export { Interaction, InteractionExportCountry, InteractionParticipant } from './interaction.entity.js';
export { InteractionKind, InteractionStatus, InteractionTheme } from './interaction.enums.js';
export { interactionModel } from './interaction.model.js';
export { InteractionConnection, InteractionListArgs, InteractionType } from './interaction.types.js';
export { createInteractionService, type InteractionService } from './interaction.service.js';
export { interactionPermissions, interactionReaders, viewInteractions } from './interaction.permissions.js';

export const interactionResolvers = [
  InteractionResolver,
  InteractionFields,
  InteractionParticipantFields,
  InteractionExportCountryFields,
  CompanyInteractionFields,
  ContactInteractionFields,
  AdviserInteractionFields,
  InvestmentProjectInteractionFields,
  CompanyViewerCanAddInteraction,
  trackedFieldResolvers(InteractionType, true),
];

// Look-ahead: what a company or contact page, or an adviser's dashboard, shows of interactions comes in the parent's statement.
registerEmbed('Company', 'interactions', { kind: 'connection', model: interactionModel, link: COMPANY_LINK, nodeType: 'Interaction' });
registerEmbed('Contact', 'interactions', {
  kind: 'connection',
  model: interactionModel,
  link: { through: 'interaction_contact', key: 'interaction_id', parent: 'contact_id' },
  nodeType: 'Interaction',
});
registerEmbed('Adviser', 'interactions', { kind: 'connection', model: interactionModel, link: ADVISER_LINK, nodeType: 'Interaction' });
registerEmbed('InvestmentProject', 'interactions', { kind: 'connection', model: interactionModel, link: INVESTMENT_PROJECT_LINK, nodeType: 'Interaction' });
registerEmbed('Interaction', 'participants', { kind: 'list', sql: participantsJsonSql, nodeType: 'InteractionParticipant' });
registerReads('Interaction', 'participants', ['id']);
registerEmbed('Interaction', 'exportCountries', { kind: 'list', sql: exportCountriesJsonSql });
registerEmbed('Company', 'latestInteractionDate', { kind: 'value', sql: latestDateSql });

// The module's service, as every request's context offers it (src/graphql/context.ts `Services`).
declare module '../../graphql/context.js' {
  interface Services {
    interaction: import('./interaction.service.js').InteractionService;
  }
}

/** Interactions and service deliveries (src/module.ts). */
export const interactionModule = defineModule({
  name: 'interaction',
  entities: [InteractionEntity, ParticipantEntity, ExportCountryEntity],
  resolvers: interactionResolvers,
  rules,
  access,
  reasons,
  demo,
  readers,
  rowRules,
  // A participant is named by its adviser (its own row id means nothing to a reader), and its changes are
  // folded into the interaction's event.
  audited: [{ entity: InteractionEntity, linkKeys: { participants: (p: InstanceType<typeof ParticipantEntity>) => p.adviser?.id ?? null } }],
  auditedChildren: [
    { entity: ParticipantEntity, parent: (p: InstanceType<typeof ParticipantEntity>) => p.interaction },
    { entity: ExportCountryEntity, parent: (c: InstanceType<typeof ExportCountryEntity>) => c.interaction },
  ],
  services: () => ({ interaction: createService() }),
  search,
});
