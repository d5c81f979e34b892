import { trackedFieldResolvers } from '../adviser/index.js';
import { InteractionResolver } from './interaction.resolver.js';
import {
  CompanyInteractionFields,
  ContactInteractionFields,
  InteractionFields,
  InteractionParticipantFields,
  InteractionType,
} from './interaction.types.js';

export { Interaction, InteractionParticipant } from './interaction.entity.js';
export { InteractionKind, InteractionStatus, InteractionTheme } from './interaction.enums.js';
export { interactionModel } from './interaction.model.js';
export { InteractionConnection, InteractionListArgs, InteractionType } from './interaction.types.js';
export { createInteractionService, type InteractionService } from './interaction.service.js';

export const interactionResolvers = [
  InteractionResolver,
  InteractionFields,
  InteractionParticipantFields,
  CompanyInteractionFields,
  ContactInteractionFields,
  trackedFieldResolvers(InteractionType, true),
];
