import { ApiClientResolver } from './api-client.resolver.js';
import { defineModule } from '../../module.js';
import { apiClientCommands as commands } from './api-client.commands.js';
import { apiClientAccess as access, apiClientPermissions as rules } from './api-client.permissions.js';

export { AuthSchemeEnum, ApiClientType, ApiCredentialType, ApiScopeType, IssuedCredentialType, RevokedCredentialType } from './api-client.types.js';
export { CreateApiClientInput } from './api-client.input.js';
export { apiClientPermissions } from './api-client.permissions.js';

export const apiClientResolvers = [ApiClientResolver];
/** Partner clients' administration in GraphQL; the clients and tokens themselves are src/auth's (src/module.ts). */
export const apiClientModule = defineModule({ name: 'api-client', resolvers: apiClientResolvers, rules, access, commands });
