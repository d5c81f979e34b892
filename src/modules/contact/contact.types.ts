import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, Field, FieldResolver, Info, ObjectType, Resolver, Root } from 'type-graphql';
import type { RowOf } from '../../db/read-model.js';
import { connectionType, listArgsFor } from '../../graphql/connection.js';
import type { Context } from '../../graphql/context.js';
import { childConnection } from '../../graphql/list.js';
import { inlineObject, manyToOne } from '../../graphql/lookahead.js';
import { registerReads } from '../../graphql/selected-columns.js';
import { ArchivableType } from '../adviser/index.js';
import { AddressType, addressFromRow, companyModel, CompanyType } from '../company/index.js';
import { metadataModels, TitleType } from '../metadata/index.js';
import { contactModel, type ContactRow } from './contact.model.js';
import { consentsOf, ContactConsentType } from './contact.consent.js';
import { DateTimeScalar } from '../../graphql/scalars.js';

@ObjectType('Contact', { simpleResolvers: true, description: 'A person at a company.' })
export class ContactType extends ArchivableType {
  @Field()
  firstName!: string;

  @Field()
  lastName!: string;

  @Field(() => String, { nullable: true })
  jobTitle!: string | null;

  @Field({ description: 'The primary contact of the company.' })
  primary!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Lowercased; unique within the company. Personal data: null, with a FORBIDDEN error, for a caller without the right to see it.',
  })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'International format, e.g. "+44 20 7946 0000".' })
  fullTelephoneNumber!: string | null;

  @Field({ description: "The contact's address is the company's." })
  addressSameAsCompany!: boolean;

  @Field(() => String, { nullable: true })
  notes!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the consent service last reported this contact\'s consent (consentData).' })
  consentDataLastModified!: Date | null;
}

export const ContactConnection = connectionType('Contact', ContactType);
export const ContactListArgs = listArgsFor(contactModel).ListArgs;

const title = manyToOne('Contact', 'title', metadataModels.title, 'titleId');
const company = manyToOne('Contact', 'company', companyModel, 'companyId');
// The contact's own address, or its company's (embedded with the contact when asked for, its country and area inside).
const address = inlineObject('Contact', 'address', { typeName: 'Address', prefix: 'address', or: { model: companyModel, foreignKey: 'companyId', when: 'addressSameAsCompany' } }, addressFromRow);

registerReads('Contact', 'name', ['firstName', 'lastName']);

@Resolver(() => ContactType)
export class ContactFields {
  @FieldResolver(() => String, { description: 'First and last name.' })
  name(@Root() row: ContactRow) {
    return `${row.firstName} ${row.lastName}`;
  }

  @FieldResolver(() => TitleType, { nullable: true })
  title(@Root() row: ContactRow, @Ctx() ctx: Context) {
    return title(ctx, row);
  }

  @FieldResolver(() => CompanyType)
  company(@Root() row: ContactRow, @Ctx() ctx: Context) {
    return company(ctx, row);
  }

  @FieldResolver(() => [ContactConsentType], {
    nullable: true,
    description:
      "The contact's consent per domain, as DBT's consent service reports it (Data Hub's consent_data): whether they may be emailed (marketing included) or telephoned about it. Read-only: the service is the record of consent. Null when it never reported this contact; an email consent it did not give counts as refused.",
  })
  consentData(@Root() row: ContactRow) {
    return consentsOf(row.consentData);
  }

  @FieldResolver(() => AddressType, { nullable: true, description: "The contact's own address, or the company's when addressSameAsCompany." })
  address(@Root() row: ContactRow, @Ctx() ctx: Context) {
    return address(ctx, row);
  }
}

/** Company → contacts lives here so the company module does not depend on contacts. */
@Resolver(() => CompanyType)
export class CompanyContactsField {
  @FieldResolver(() => ContactConnection, { description: "The company's contacts, filtered and ordered." })
  contacts(@Root() row: RowOf<typeof companyModel>, @Args(() => ContactListArgs) args: InstanceType<typeof ContactListArgs>, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return childConnection(ctx, contactModel, 'company_id', row, args, info);
  }
}
