import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, UUIDScalar } from '../../graphql/scalars.js';

/** The TypeScript values are the stored ones ('bearer', 'hawk'), so GraphQL's BEARER maps to the column both ways. */
export enum AuthSchemeEnum {
  BEARER = 'bearer',
  HAWK = 'hawk',
}

registerEnumType(AuthSchemeEnum, {
  name: 'AuthScheme',
  description: 'How a partner client proves who it is.',
  valuesConfig: {
    BEARER: { description: 'A bearer token in `Authorization: Bearer <token>`.' },
    HAWK: { description: 'Hawk: each request signed with a shared key (see examples/hawk-client.mjs).' },
  },
});

@ObjectType('ApiCredential', { simpleResolvers: true, description: "One of a client's credentials, without its secret." })
export class ApiCredentialType {
  @Field(() => UUIDScalar)
  id!: string;

  @Field(() => String, { nullable: true, description: 'Its first characters, to tell it apart; never enough to use it.' })
  hint!: string | null;

  @Field(() => DateTimeScalar)
  createdOn!: Date;

  @Field(() => DateTimeScalar)
  expiresOn!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Null while it has not been revoked.' })
  revokedOn!: Date | null;
}

@ObjectType('ApiClient', { simpleResolvers: true, description: 'A partner service let into the API, with what it may see and where from.' })
export class ApiClientType {
  @Field(() => UUIDScalar)
  id!: string;

  @Field()
  name!: string;

  @Field(() => AuthSchemeEnum)
  authScheme!: AuthSchemeEnum;

  @Field(() => [String], { description: 'Its scopes (see `apiScopes`).' })
  scopes!: string[];

  @Field(() => [String], { description: 'The CIDRs or addresses it may call from; empty means any address.' })
  ipAllowlist!: string[];

  @Field(() => DateTimeScalar)
  createdOn!: Date;

  @Field(() => [ApiCredentialType], { description: 'Its credentials, newest first, revoked and expired ones included.' })
  credentials!: ApiCredentialType[];
}

@ObjectType('ApiScope', { simpleResolvers: true, description: 'A scope a partner client may be given.' })
export class ApiScopeType {
  @Field()
  name!: string;

  @Field()
  description!: string;
}

@ObjectType('IssuedCredential', {
  simpleResolvers: true,
  description: 'A new credential, shown once: only its hash is kept (and a Hawk key, which the server needs to check signatures).',
})
export class IssuedCredentialType {
  @Field(() => UUIDScalar)
  id!: string;

  @Field(() => DateTimeScalar)
  expiresOn!: Date;

  @Field(() => String, { nullable: true, description: 'A bearer client\'s token, shown once; null for a Hawk client.' })
  token!: string | null;

  @Field(() => String, { nullable: true, description: "A Hawk client's id, shown once; null for a bearer client." })
  hawkId!: string | null;

  @Field(() => String, { nullable: true, description: "A Hawk client's key, shown once; null for a bearer client." })
  hawkKey!: string | null;
}

@ObjectType('RevokedCredential', { simpleResolvers: true, description: 'A credential as revoked.' })
export class RevokedCredentialType {
  @Field(() => UUIDScalar)
  id!: string;

  @Field(() => String, { nullable: true })
  hint!: string | null;

  @Field(() => DateTimeScalar, { description: 'When it was revoked (the first time, if it already was).' })
  revokedOn!: Date;
}
