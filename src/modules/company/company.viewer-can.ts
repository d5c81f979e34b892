import { Ctx, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import { hasPermission } from '../../auth/permissions.js';
import type { Context } from '../../graphql/context.js';
import type { CompanyRow } from './company.model.js';
import { companyActions, dnbReadOnlyFields } from './company.rules.js';
import { CompanyType } from './company.types.js';

// index.ts registers these resolvers; other modules add their own actions to CompanyViewerCan (see below).

/**
 * What the caller may do to one company, so a page shows only the buttons that work: decided by the rules and
 * permission checks the mutations themselves apply (company.rules.ts `companyActions`), for this record and
 * this caller. Its field resolvers get the company's row as their root (`Company.viewerCan` resolves to the
 * row itself), so another module adds an action with a field resolver of its own, without a statement:
 *
 *   @Resolver(() => CompanyViewerCan)
 *   class CompanyViewerCanAddInteraction {
 *     @FieldResolver(() => Boolean) addInteraction(@Root() company: CompanyRow, @Ctx() ctx: Context) { ... }
 *   }
 */
@ObjectType('CompanyViewerCan', {
  description:
    'What the caller may do to this company, by the rules the mutations apply (an archived company is read-only; a merged one stays archived) and the permissions they need. A hint for the UI: the mutations still check.',
})
export class CompanyViewerCan {}

const permits = (ctx: Context) => ({ change: hasPermission(ctx.viewer, 'change_company'), archive: hasPermission(ctx.viewer, 'archive_company') });

@Resolver(() => CompanyViewerCan)
export class CompanyViewerCanFields {
  @FieldResolver(() => Boolean, { description: 'updateCompany would be allowed: change_company, and the company is not archived.' })
  edit(@Root() company: CompanyRow, @Ctx() ctx: Context): boolean {
    return companyActions(company, permits(ctx)).edit;
  }

  @FieldResolver(() => Boolean, { description: 'archiveCompany would be allowed: archive_company, and the company is not archived.' })
  archive(@Root() company: CompanyRow, @Ctx() ctx: Context): boolean {
    return companyActions(company, permits(ctx)).archive;
  }

  @FieldResolver(() => Boolean, {
    description: 'unarchiveCompany would be allowed: archive_company, and the company is archived and was not merged into another (transferredTo).',
  })
  unarchive(@Root() company: CompanyRow, @Ctx() ctx: Context): boolean {
    return companyActions(company, permits(ctx)).unarchive;
  }

  @FieldResolver(() => [String], {
    description:
      'The CompanyUpdateInput fields updateCompany refuses to change on this company (reason DNB_READ_ONLY): the fields D&B keeps when the company has a DUNS number, else none. A form greys them out.',
  })
  lockedFields(@Root() company: CompanyRow): string[] {
    return dnbReadOnlyFields(company);
  }
}

/** Company.viewerCan: the company's row, which CompanyViewerCan's field resolvers read. */
@Resolver(() => CompanyType)
export class CompanyViewerCanField {
  @FieldResolver(() => CompanyViewerCan, { description: 'Which actions the caller may take on this company (for showing or hiding buttons).' })
  viewerCan(@Root() company: CompanyRow): CompanyRow {
    return company;
  }
}
