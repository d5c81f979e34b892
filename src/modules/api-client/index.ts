import { ApiClientResolver } from './api-client.resolver.js';

export { AuthSchemeEnum, ApiClientType, ApiCredentialType, ApiScopeType, IssuedCredentialType, RevokedCredentialType } from './api-client.types.js';
export { CreateApiClientInput } from './api-client.input.js';
export { apiClientPermissions } from './api-client.permissions.js';

export const apiClientResolvers = [ApiClientResolver];
