import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { hasPermission } from '../../auth/permissions.js';
import type { Context } from '../../graphql/context.js';
import { CompanyViewerCan, type companyModel } from '../company/index.js';
import type { RowOf } from '../../db/read-model.js';
import { canAddInteraction } from './interaction.form-rules.js';

/** The interaction module's action on a company's page (CompanyViewerCan's root is the company's row). */
@Resolver(() => CompanyViewerCan)
export class CompanyViewerCanAddInteraction {
  @FieldResolver(() => Boolean, {
    description: 'createInteraction with this company would be allowed: add_all_interaction, and the company is not archived.',
  })
  addInteraction(@Root() company: RowOf<typeof companyModel>, @Ctx() ctx: Context): boolean {
    return canAddInteraction(company, { add: hasPermission(ctx.viewer, 'add_all_interaction') });
  }
}
