import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Info, Mutation, Query, Resolver } from 'type-graphql';
import { query } from '../../db/read-model.js';
import type { Context } from '../../graphql/context.js';
import { listConnection } from '../../graphql/list.js';
import { UUIDScalar } from '../../graphql/scalars.js';
import { ReminderStatus, ReminderType } from './reminder.kinds.js';
import { reminderModel } from './reminder.model.js';
import { emailOutboxStatus } from '../../email/outbox.js';
import { EmailStatusType, ReminderConnection, ReminderListArgs, ReminderSubscriptionInput, ReminderSubscriptionType, ReminderSummaryType } from './reminder.types.js';

@Resolver()
export class ReminderResolver {
  @Query(() => [ReminderSubscriptionType], { nullable: true, description: 'Your subscription to every reminder type (the default where you have not changed it).' })
  reminderSubscriptions(@Ctx() ctx: Context) {
    return ctx.services.reminder.subscriptions(ctx.em, ctx.viewer);
  }

  @Mutation(() => ReminderSubscriptionType, { nullable: true, description: 'Changes your subscription to one reminder type.' })
  updateReminderSubscription(@Arg('type', () => ReminderType) type: ReminderType, @Arg('input', () => ReminderSubscriptionInput) input: ReminderSubscriptionInput, @Ctx() ctx: Context) {
    return ctx.services.reminder.updateSubscription(ctx.em, ctx.viewer, type, input);
  }

  @Query(() => ReminderConnection, { nullable: true, description: 'Your live reminders, newest first (of one type when given).' })
  reminders(@Args(() => ReminderListArgs) args: ReminderListArgs, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    const where = [{ text: 't."status" = ?', params: [ReminderStatus.LIVE] }, ...(args.type ? [{ text: 't."type" = ?', params: [args.type] }] : [])];
    return listConnection(ctx, reminderModel, { first: args.first, after: args.after, last: args.last, before: args.before }, info, where);
  }

  @Query(() => ReminderSummaryType, { nullable: true, description: 'Your live reminders counted per type, in one statement.' })
  async reminderSummary(@Ctx() ctx: Context) {
    const scope = ctx.rows(reminderModel);
    const rows = await query<{ type: ReminderType; count: number }>(ctx.em, {
      text: `select t.type, count(*)::int as count from reminder t where t.status = 'live'${scope.map((s) => ` and ${s.text}`).join('')} group by t.type`,
      params: scope.flatMap((s) => s.params),
    });
    const counts = new Map(rows.map((r) => [r.type, r.count]));
    const byType = Object.values(ReminderType).map((type) => ({ type, count: counts.get(type) ?? 0 }));
    return { total: byType.reduce((n, t) => n + t.count, 0), byType };
  }

  @Query(() => EmailStatusType, { nullable: true, description: 'How the emails are going (administrators): the notifications outbox by status, the oldest waiting, the last error.' })
  emailStatus(@Ctx() ctx: Context) {
    return emailOutboxStatus(ctx.em);
  }

  @Mutation(() => [UUIDScalar], { nullable: true, description: 'Dismisses one of your live reminders; answers its id.' })
  dismissReminder(@Arg('id', () => UUIDScalar) id: string, @Ctx() ctx: Context) {
    return ctx.services.reminder.dismiss(ctx.em, ctx.viewer, [id]);
  }

  @Mutation(() => [UUIDScalar], { nullable: true, description: 'Dismisses many of your live reminders at once, all or none; answers their ids.' })
  dismissReminders(@Arg('ids', () => [UUIDScalar]) ids: string[], @Ctx() ctx: Context) {
    return ctx.services.reminder.dismiss(ctx.em, ctx.viewer, ids);
  }
}
