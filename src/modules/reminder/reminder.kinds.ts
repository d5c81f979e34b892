import { registerEnumType } from 'type-graphql';

/** Data Hub's reminder types; the values are the database's. */
export enum ReminderType {
  ESTIMATED_LAND_DATE = 'estimated_land_date',
  NO_RECENT_INVESTMENT_INTERACTION = 'no_recent_investment_interaction',
  NO_RECENT_EXPORT_INTERACTION = 'no_recent_export_interaction',
  NEW_EXPORT_INTERACTION = 'new_export_interaction',
  UPCOMING_TASK = 'upcoming_task',
  TASK_OVERDUE = 'task_overdue',
  TASK_ASSIGNED_TO_ME_FROM_OTHERS = 'task_assigned_to_me_from_others',
  TASK_AMENDED_BY_OTHERS = 'task_amended_by_others',
  TASK_COMPLETED = 'task_completed',
  TASK_DELETED_BY_OTHERS = 'task_deleted_by_others',
}

export enum ReminderStatus {
  LIVE = 'live',
  DISMISSED = 'dismissed',
}

registerEnumType(ReminderType, { name: 'ReminderType', description: "What a reminder is about (Data Hub's reminder types)." });
registerEnumType(ReminderStatus, { name: 'ReminderStatus', description: 'Live until its adviser dismisses it.' });

/**
 * The types made on a schedule, with the days a subscriber chooses and the days they get by default (Data
 * Hub's): how many days ahead (land dates: 30 and 60, a month and two months) or since (no recent
 * interaction). The others are made on an event (a task assigned, amended, completed or archived by someone
 * else) and have no days.
 */
export const SCHEDULED_DEFAULT_DAYS: Partial<Record<ReminderType, readonly number[]>> = {
  [ReminderType.ESTIMATED_LAND_DATE]: [30, 60],
  [ReminderType.NO_RECENT_INVESTMENT_INTERACTION]: [30, 60],
  [ReminderType.NO_RECENT_EXPORT_INTERACTION]: [30],
  [ReminderType.NEW_EXPORT_INTERACTION]: [2],
  [ReminderType.UPCOMING_TASK]: [],
  [ReminderType.TASK_OVERDUE]: [],
};

/** The only days a land date reminder can be given: a month and two months ahead (Data Hub's mapping). */
export const LAND_DATE_DAYS = [30, 60] as const;

export const MAX_REMINDER_DAYS = 5;

/**
 * The feature flag that stops a type's emails (`pause-reminder-emails-estimated-land-date`): on for the
 * environment it stops them for everyone, given to advisers it stops theirs; the reminders are made all the same.
 * A flag is off until switched on, so emails go by default, as each adviser's subscription says.
 */
export const pauseEmailFlag = (type: ReminderType) => `pause-reminder-emails-${type.replace(/_/g, '-')}`;

/** The flags the module declares (its manifest's `features`). */
export const reminderFeatures = Object.fromEntries(
  Object.values(ReminderType).map((type) => [pauseEmailFlag(type), `Stops the ${type.replace(/_/g, ' ')} reminder emails (everyone's when on for the environment, or the advisers given it); the reminders are still made.`]),
);
