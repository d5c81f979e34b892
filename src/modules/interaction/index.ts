export { Interaction, InteractionParticipant } from './interaction.entity.js';
export function createInteractionService() {
  return {};
}
export const interactionResolvers: Function[] = [];
