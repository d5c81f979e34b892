import { can, type RuleTree } from '../../graphql/rules.js';

/** Partner clients are administered by holders of `manage_api_client` (the Administrator group, superusers); no scope grants it. */
export const apiClientPermissions: RuleTree = {
  Query: {
    apiClients: can('manage_api_client'),
    apiScopes: can('manage_api_client'),
  },
  Mutation: {
    createApiClient: can('manage_api_client'),
    issueApiClientCredential: can('manage_api_client'),
    revokeApiToken: can('manage_api_client'),
  },
};
