import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '../../auth/viewer.js';
import { pgTextArray } from '../../db/bulk.js';
import { query } from '../../db/read-model.js';
import { writeTransaction } from '../../db/write.js';
import { AppError, badInput, Issues } from '../../errors.js';
import { ReminderStatus, ReminderType } from './reminder.kinds.js';
import { checkReminderDays, effectiveSubscription, type Subscription } from './reminder.rules.js';

/** Reminders belong to advisers: a partner client has none. */
function adviserIdOf(viewer: Viewer): string {
  if (viewer.kind !== 'adviser') throw new AppError('FORBIDDEN', 'Reminders are an adviser\'s own: a partner client has none.');
  return viewer.adviserId;
}

type StoredRow = { type: ReminderType; emailRemindersEnabled: boolean; reminderDays: number[] };

/** Reminder subscriptions and dismissals: each one statement in one transaction (a dismissal two). */
export function createReminderService() {
  return {
    /** Every type's subscription of the caller: the stored one, or the default. One statement. */
    async subscriptions(em: EntityManager, viewer: Viewer): Promise<Subscription[]> {
      const rows = await query<StoredRow>(em, {
        text: `select type, email_reminders_enabled as "emailRemindersEnabled", reminder_days::int[] as "reminderDays" from reminder_subscription where adviser_id = ?`,
        params: [adviserIdOf(viewer)],
      });
      const stored = new Map(rows.map((r) => [r.type, r]));
      return Object.values(ReminderType).map((type) => effectiveSubscription(type, stored.get(type)));
    },

    /** Changes the fields given of the caller's subscription to one type; the rest keep their values. */
    async updateSubscription(em: EntityManager, viewer: Viewer, type: ReminderType, input: { emailRemindersEnabled?: boolean | null; reminderDays?: number[] | null }): Promise<Subscription> {
      const adviserId = adviserIdOf(viewer);
      const current = (await this.subscriptions(em, viewer)).find((s) => s.type === type)!;
      const next: Subscription = {
        type,
        emailRemindersEnabled: input.emailRemindersEnabled ?? current.emailRemindersEnabled,
        reminderDays: input.reminderDays ? [...input.reminderDays] : current.reminderDays,
      };
      const issues = new Issues();
      if (input.reminderDays) checkReminderDays(type, next.reminderDays, issues);
      issues.throwIfAny();
      next.reminderDays.sort((a, b) => a - b);
      await writeTransaction(em, (tx) =>
        query(tx, {
          text: `insert into reminder_subscription (id, adviser_id, type, email_reminders_enabled, reminder_days, modified_on)
                 values (gen_random_uuid(), ?, ?, ?, ?::smallint[], clock_timestamp())
                 on conflict (adviser_id, type) do update set email_reminders_enabled = excluded.email_reminders_enabled,
                   reminder_days = excluded.reminder_days, modified_on = excluded.modified_on`,
          params: [adviserId, type, next.emailRemindersEnabled, pgTextArray(next.reminderDays.map(String))],
        }),
      );
      return next;
    },

    /**
     * Dismisses the caller's live reminders with these ids, all or none: an id that is not one of them (another
     * adviser's reminder answers as a missing one) refuses the whole request at its index.
     */
    async dismiss(em: EntityManager, viewer: Viewer, ids: string[]): Promise<string[]> {
      const adviserId = adviserIdOf(viewer);
      const wanted = [...new Set(ids)];
      if (!wanted.length) throw badInput(['ids'], 'REQUIRED', 'Give at least one reminder id.');
      if (wanted.length > 1000) throw badInput(['ids'], 'TOO_MANY_VALUES', 'At most 1,000 reminders at once.');
      return writeTransaction(em, async (tx) => {
        const placeholders = wanted.map(() => '?').join(', ');
        const live = new Set(
          (await query<{ id: string }>(tx, { text: `select id from reminder where adviser_id = ? and status = 'live' and id in (${placeholders}) for update`, params: [adviserId, ...wanted] })).map((r) => r.id),
        );
        const issues = new Issues();
        for (const [i, id] of ids.entries()) if (!live.has(id)) issues.add(['ids', String(i)], 'NOT_FOUND', 'No live reminder of yours has this id.');
        issues.throwIfAny();
        await query(tx, { text: `update reminder set status = ?, modified_on = clock_timestamp() where id in (${placeholders})`, params: [ReminderStatus.DISMISSED, ...wanted] });
        return wanted;
      });
    },
  };
}

export type ReminderService = ReturnType<typeof createReminderService>;
