import type { GraphQLResolveInfo } from 'graphql';
import { ArgsType, Ctx, Field, FieldResolver, Float, Info, InputType, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { connectionType, PageArgs } from '../../graphql/connection.js';
import type { Context } from '../../graphql/context.js';
import { embeddedValue, manyToOne, registerEmbed } from '../../graphql/lookahead.js';
import { idIn } from '../../db/read-model.js';
import { DateTimeScalar, UUIDScalar } from '../../graphql/scalars.js';
import { companyModel, CompanyType } from '../company/index.js';
import { interactionModel, InteractionType } from '../interaction/index.js';
import { investmentProjectModel, InvestmentProjectType } from '../investment/index.js';
import { ReminderStatus, ReminderType } from './reminder.kinds.js';
import type { ReminderRow } from './reminder.model.js';

@ObjectType('ReminderSubscription', { simpleResolvers: true, description: "An adviser's settings for one reminder type: their own, or the default until they change it." })
export class ReminderSubscriptionType {
  @Field(() => ReminderType) type!: ReminderType;
  @Field({ description: 'Whether its reminders are emailed too (off by default).' }) emailRemindersEnabled!: boolean;
  @Field(() => [Int], { description: 'Scheduled types: the days ahead (land dates: 30, 60) or since (no recent interaction) a reminder comes; empty for the types sent on an event.' })
  reminderDays!: number[];
}

@InputType('ReminderSubscriptionInput', { description: 'Only the fields given change.' })
export class ReminderSubscriptionInput {
  @Field(() => Boolean, { nullable: true }) emailRemindersEnabled?: boolean | null;
  @Field(() => [Int], { nullable: true, description: 'At most five, each once, 1 to 365; land dates 30 or 60 only; none for the types sent on an event.' })
  reminderDays?: number[] | null;
}

@ObjectType('Reminder', { simpleResolvers: true, description: 'Something an adviser should look at, made by a scheduled job or an event.' })
export class ReminderObjectType {
  @Field(() => UUIDScalar) id!: string;
  @Field(() => ReminderType) type!: ReminderType;
  @Field({ description: 'What happened, in words ("30 days left to estimated land date").' }) event!: string;
  @Field(() => ReminderStatus) status!: ReminderStatus;
  @Field(() => DateTimeScalar) createdOn!: Date;
}

export const ReminderConnection = connectionType('Reminder', ReminderObjectType);

@ArgsType()
export class ReminderListArgs extends PageArgs {
  @Field(() => ReminderType, { nullable: true, description: 'Of this type only.' })
  type?: ReminderType | null;
}

@ObjectType('EmailStatus', { simpleResolvers: true, description: 'The notifications outbox: emails by status (queued and sending still to go; sent, logged and failed done).' })
export class EmailStatusType {
  @Field(() => Int) queued!: number;
  @Field(() => Int) sending!: number;
  @Field(() => Int) sent!: number;
  @Field(() => Int, { description: 'Written to the log instead: no SMTP_URL configured.' }) logged!: number;
  @Field(() => Int) failed!: number;
  @Field(() => Float, { nullable: true, description: 'How long the oldest email still to go has waited, in seconds.' }) oldestQueuedSeconds!: number | null;
  @Field(() => String, { nullable: true, description: 'The latest error an email met.' }) lastError!: string | null;
}

@ObjectType('ReminderTypeCount', { simpleResolvers: true })
export class ReminderTypeCount {
  @Field(() => ReminderType) type!: ReminderType;
  @Field(() => Int) count!: number;
}

@ObjectType('ReminderSummary', { simpleResolvers: true, description: "The caller's live reminders, counted." })
export class ReminderSummaryType {
  @Field(() => Int) total!: number;
  @Field(() => [ReminderTypeCount], { description: 'Every type, zero included.' }) byType!: ReminderTypeCount[];
}

/**
 * A reminder's email's status: its notifications outbox row's while there is one; once retention removed the
 * row, the final status the purge wrote onto the reminder (`email_status`: the `email:retention` job in
 * reminder.jobs.ts), so it reads the same before and after; `not_requested` when none was sent (email off).
 */
const deliveryStatusSql = (parent: string, columns = { notification: 'notificationId', kept: 'emailStatus' }) => ({
  text: `coalesce((select n.status from notification_outbox n where n.id = ${parent}."${columns.notification}"), ${parent}."${columns.kept}", 'not_requested')`,
  params: [],
});
registerEmbed('Reminder', 'emailDeliveryStatus', { kind: 'value', sql: (parent) => deliveryStatusSql(parent) });

const refs = {
  investmentProject: manyToOne('Reminder', 'investmentProject', investmentProjectModel, 'investmentProjectId'),
  company: manyToOne('Reminder', 'company', companyModel, 'companyId'),
  interaction: manyToOne('Reminder', 'interaction', interactionModel, 'interactionId'),
};

@Resolver(() => ReminderObjectType)
export class ReminderFields {
  @FieldResolver(() => String, { description: 'Its email: not_requested (email off for the type), queued, sending, sent, logged (no SMTP configured) or failed.' })
  async emailDeliveryStatus(@Root() row: ReminderRow, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    const embedded = embeddedValue<string>(row, info);
    if (embedded !== undefined) return embedded;
    // Not embedded (a page after a cursor, a field under a directive): one statement for every reminder asked.
    const [found] = await ctx.loaders
      .byOwner('reminderEmailStatus', (ids) => {
        const match = idIn('t.id', ids);
        return { text: `select ${deliveryStatusSql('t', { notification: 'notification_id', kept: 'email_status' }).text} as status, t.id as "__owner" from reminder t where ${match.text}`, params: match.params };
      })
      .load(row.id);
    return (found?.status as string | undefined) ?? 'not_requested';
  }

  @FieldResolver(() => InvestmentProjectType, { nullable: true, description: 'The project it is about, if any.' })
  investmentProject(@Root() row: ReminderRow, @Ctx() ctx: Context) {
    return row.investmentProjectId ? refs.investmentProject(ctx, row) : null;
  }

  @FieldResolver(() => CompanyType, { nullable: true, description: 'The company it is about, if any.' })
  company(@Root() row: ReminderRow, @Ctx() ctx: Context) {
    return row.companyId ? refs.company(ctx, row) : null;
  }

  @FieldResolver(() => InteractionType, { nullable: true, description: 'The interaction it is about, if any.' })
  interaction(@Root() row: ReminderRow, @Ctx() ctx: Context) {
    return row.interactionId ? refs.interaction(ctx, row) : null;
  }
}
