import { Field, InputType } from 'type-graphql';
import { AuthSchemeEnum } from './api-client.types.js';

@InputType('CreateApiClientInput', { description: 'A new partner client; it gets credentials with `issueApiClientCredential`.' })
export class CreateApiClientInput {
  @Field({ description: 'Unique, at most 100 characters.' })
  name!: string;

  @Field(() => [String], { description: 'At least one; `apiScopes` lists them.' })
  scopes!: string[];

  @Field(() => [String], { nullable: true, description: 'CIDRs or addresses it may call from; none means any address.' })
  ipAllowlist?: string[] | null;

  @Field(() => AuthSchemeEnum, { defaultValue: AuthSchemeEnum.BEARER })
  authScheme!: AuthSchemeEnum;
}
