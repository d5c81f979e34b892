import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { adviserResolvers } from '../modules/adviser/index.js';
import { apiClientResolvers } from '../modules/api-client/index.js';
import { companyResolvers } from '../modules/company/index.js';
import { contactResolvers } from '../modules/contact/index.js';
import { interactionResolvers } from '../modules/interaction/index.js';
import * as metadata from '../modules/metadata/index.js';
import { applyPermissions } from './permissions.js';
import { searchResolvers } from '../modules/search/index.js';

let codeFirst: Promise<GraphQLSchema> | undefined;
let built: Promise<GraphQLSchema> | undefined;

/**
 * The one schema, built from the modules' resolvers once per process, with the permission rules around its
 * resolvers (src/graphql/permissions.ts): every user of the schema gets the guarded one.
 */
export function buildAppSchema(): Promise<GraphQLSchema> {
  built ??= buildUnguardedSchema().then(applyPermissions);
  return built;
}

/**
 * The same schema without the permission rules: only for measuring what the rules cost (`npm run bench --
 * --rules off`). Never serve it: nothing in it checks who is asking.
 */
export function buildUnguardedSchema(): Promise<GraphQLSchema> {
  codeFirst ??= buildSchema({
    resolvers: [
      metadata.MetadataResolver,
      metadata.CountryFields,
      metadata.AdministrativeAreaFields,
      metadata.SectorFields,
      metadata.ServiceFields,
      metadata.ServiceQuestionFields,
      ...adviserResolvers,
      ...companyResolvers,
      ...contactResolvers,
      ...interactionResolvers,
      ...apiClientResolvers,
      ...searchResolvers,
    ] as unknown as NonEmptyArray<Function>,
    validate: false,
  });
  return codeFirst;
}
