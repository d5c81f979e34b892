import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { ApiClient } from '../../auth/api-client.entity.js';
import type { ApiToken } from '../../auth/api-token.entity.js';
import { createClient, issueClientCredential, listClients, revokeToken } from '../../auth/clients.js';
import { scopes } from '../../auth/scopes.js';
import { notFound } from '../../errors.js';
import type { Context } from '../../graphql/context.js';
import { UUIDScalar } from '../../graphql/scalars.js';
import { CreateApiClientInput } from './api-client.input.js';
import { ApiClientType, ApiScopeType, AuthSchemeEnum, IssuedCredentialType, RevokedCredentialType, type ApiCredentialType } from './api-client.types.js';

const credential = (t: ApiToken): ApiCredentialType => ({ id: t.id, hint: t.hint ?? null, createdOn: t.createdOn, expiresOn: t.expiresOn, revokedOn: t.revokedOn ?? null });

const apiClient = (c: ApiClient, tokens: ApiToken[]): ApiClientType => ({
  id: c.id,
  name: c.name,
  authScheme: c.authScheme as AuthSchemeEnum,
  scopes: c.scopes,
  ipAllowlist: c.ipAllowlist,
  createdOn: c.createdOn,
  credentials: tokens.map(credential),
});

/** Administration of partner clients (src/auth/clients.ts does the work); every field needs `manage_api_client`. */
@Resolver()
export class ApiClientResolver {
  @Query(() => [ApiClientType], { description: 'Every partner client, by name, with its credentials (never their secrets).' })
  async apiClients(@Ctx() ctx: Context): Promise<ApiClientType[]> {
    return (await listClients(ctx.em)).map(({ client, tokens }) => apiClient(client, tokens));
  }

  @Query(() => [ApiScopeType], { description: 'The scopes a partner client may be given, and what each allows.' })
  apiScopes(): ApiScopeType[] {
    return Object.entries(scopes()).map(([name, { description }]) => ({ name, description }));
  }

  @Mutation(() => ApiClientType, { nullable: true, description: 'Creates a partner client; every problem with the input is reported at once, with its field.' })
  async createApiClient(@Arg('input', () => CreateApiClientInput) input: CreateApiClientInput, @Ctx() ctx: Context): Promise<ApiClientType> {
    const client = await createClient(ctx.em, {
      name: input.name,
      scopes: input.scopes,
      ipAllowlist: input.ipAllowlist ?? [],
      authScheme: input.authScheme ?? AuthSchemeEnum.BEARER,
      createdById: ctx.viewer.kind === 'adviser' ? ctx.viewer.adviserId : null,
    });
    return apiClient(client, []);
  }

  @Mutation(() => IssuedCredentialType, {
    nullable: true,
    description: "Issues a credential for the client, by its scheme: a bearer token, or a Hawk id and key. Shown once; days defaults to the server's TOKEN_DAYS.",
  })
  async issueApiClientCredential(
    @Arg('clientId', () => UUIDScalar) clientId: string,
    @Arg('days', () => Int, { nullable: true, description: 'How long it is valid: 1 to 3650 days.' }) days: number | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<IssuedCredentialType> {
    const client = await ctx.em.findOne(ApiClient, { id: clientId });
    if (!client) throw notFound('ApiClient', clientId);
    const issued = await issueClientCredential(ctx.em, client, { days: days ?? ctx.config.tokenDays, description: 'graphql' });
    return issued.scheme === 'hawk'
      ? { id: issued.id, expiresOn: issued.expiresOn, token: null, hawkId: issued.hawkId, hawkKey: issued.hawkKey }
      : { id: issued.id, expiresOn: issued.expiresOn, token: issued.token, hawkId: null, hawkKey: null };
  }

  @Mutation(() => RevokedCredentialType, {
    nullable: true,
    description: "Revokes a credential, an adviser's or a client's; revoking twice is harmless. Requests with it are refused from the next lookup, within the auth cache's TTL (AUTH_CACHE_TTL_MS).",
  })
  async revokeApiToken(@Arg('id', () => UUIDScalar) id: string, @Ctx() ctx: Context): Promise<RevokedCredentialType> {
    const row = await revokeToken(ctx.em, { id });
    return { id: row.id, hint: row.hint ?? null, revokedOn: row.revokedOn! };
  }
}
