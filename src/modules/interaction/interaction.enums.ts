import { registerEnumType } from 'type-graphql';
import { enumFilter } from '../../graphql/connection.js';
import { InteractionKind, InteractionStatus, InteractionTheme } from './interaction.entity.js';

// The TypeScript enums' values are the database's ('service_delivery'), so GraphQL's SERVICE_DELIVERY maps
// to the stored value both ways, in rows, inputs and filters alike.
registerEnumType(InteractionKind, { name: 'InteractionKind', description: 'An interaction, or a service delivery.' });
registerEnumType(InteractionStatus, { name: 'InteractionStatus', description: 'A draft may become complete; never the reverse.' });
registerEnumType(InteractionTheme, { name: 'InteractionTheme', description: 'What the interaction was about.' });

/** The filter inputs of the enum fields of the interaction read model, for listArgsFor. */
export const interactionEnumFilters = {
  kind: enumFilter(InteractionKind, 'InteractionKind'),
  status: enumFilter(InteractionStatus, 'InteractionStatus'),
  theme: enumFilter(InteractionTheme, 'InteractionTheme'),
};

export { InteractionKind, InteractionStatus, InteractionTheme };
