import { defineAccess, type CodenamesOf } from '../../auth/access.js';
import { can, type RuleTree } from '../../graphql/rules.js';

/** Administering partner clients: no group but Administrator has it, and no scope grants it. */
export const apiClientAccess = defineAccess({
  permissions: { manage_api_client: 'Create partner clients, issue their credentials and revoke them.' },
});

// The codenames as types, for `can(...)` and the rules everywhere (src/auth/access.ts).
declare module '../../auth/access.js' {
  interface PermissionCodenames extends CodenamesOf<typeof apiClientAccess> {}
}

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
