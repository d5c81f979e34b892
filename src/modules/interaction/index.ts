import { registerEmbed } from '../../graphql/lookahead.js';
import { trackedFieldResolvers } from '../adviser/index.js';
import { participantsJsonSql } from './interaction.loaders.js';
import { interactionModel } from './interaction.model.js';
import { InteractionResolver } from './interaction.resolver.js';
import {
  CompanyInteractionFields,
  ContactInteractionFields,
  InteractionFields,
  InteractionParticipantFields,
  InteractionType,
} from './interaction.types.js';
import { defineModule } from '../../module.js';
import { interactionDemo as demo } from './interaction.demo.js';
import { interactionSearch as search } from './interaction.search.js';
import { Interaction as InteractionEntity, InteractionParticipant as ParticipantEntity } from './interaction.entity.js';
import { interactionPermissions as rules, interactionReaders as readers, interactionAccess as access } from './interaction.permissions.js';
import { createInteractionService as createService } from './interaction.service.js';

export { Interaction, InteractionParticipant } from './interaction.entity.js';
export { InteractionKind, InteractionStatus, InteractionTheme } from './interaction.enums.js';
export { interactionModel } from './interaction.model.js';
export { InteractionConnection, InteractionListArgs, InteractionType } from './interaction.types.js';
export { createInteractionService, type InteractionService } from './interaction.service.js';
export { interactionPermissions, interactionReaders } from './interaction.permissions.js';

export const interactionResolvers = [
  InteractionResolver,
  InteractionFields,
  InteractionParticipantFields,
  CompanyInteractionFields,
  ContactInteractionFields,
  trackedFieldResolvers(InteractionType, true),
];

// Look-ahead: what a company or contact page shows of interactions comes in the parent's statement.
registerEmbed('Company', 'interactions', { kind: 'connection', model: interactionModel, link: 'company_id', nodeType: 'Interaction' });
registerEmbed('Contact', 'interactions', {
  kind: 'connection',
  model: interactionModel,
  link: { through: 'interaction_contact', key: 'interaction_id', parent: 'contact_id' },
  nodeType: 'Interaction',
});
registerEmbed('Interaction', 'participants', { kind: 'list', sql: participantsJsonSql });

// The module's service, as every request's context offers it (src/graphql/context.ts `Services`).
declare module '../../graphql/context.js' {
  interface Services {
    interaction: import('./interaction.service.js').InteractionService;
  }
}

/** Interactions and service deliveries (src/module.ts). */
export const interactionModule = defineModule({
  name: 'interaction',
  entities: [InteractionEntity, ParticipantEntity],
  resolvers: interactionResolvers,
  rules,
  access,
  demo,
  readers,
  // A participant is named by its adviser (its own row id means nothing to a reader), and its changes are
  // folded into the interaction's event.
  audited: [{ entity: InteractionEntity, linkKeys: { participants: (p: InstanceType<typeof ParticipantEntity>) => p.adviser?.id ?? null } }],
  auditedChildren: [{ entity: ParticipantEntity, parent: (p: InstanceType<typeof ParticipantEntity>) => p.interaction }],
  services: () => ({ interaction: createService() }),
  search,
});
