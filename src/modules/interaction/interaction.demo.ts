import type { EntityManager } from '@mikro-orm/core';
import { madeBy, type DemoStep } from '../../../seeds/demo/step.js';
import type { AdviserRef } from '../adviser/index.js';
import type { CompanyRef } from '../company/index.js';
import { CONTACTS_ADDED_WITHIN_DAYS } from '../contact/index.js';
import { archiveFields, generateAndWrite, isoDate, trackedFields, writeRows, type DemoContext, type Progress, type Row, type TableSpec } from '../../../seeds/demo/context.js';
import { DAY_MS } from '../../../seeds/demo/random.js';
import type { Kind, ServiceChoice, Theme } from '../../../seeds/demo/reference.js';

/** The interaction and its link tables, in foreign-key order. */
const TABLES = {
  interaction: {
    table: 'interaction',
    columns: [
      'id', 'created_on', 'created_by_id', 'modified_on', 'modified_by_id',
      'archived', 'archived_on', 'archived_by_id', 'archived_reason',
      'kind', 'status', 'theme', 'date', 'subject', 'notes', 'company_id',
      'service_id', 'service_answers', 'communication_channel_id',
      'was_policy_feedback_provided', 'policy_feedback_notes',
    ],
  },
  companies: { table: 'interaction_company', columns: ['interaction_id', 'company_id'] },
  contacts: { table: 'interaction_contact', columns: ['interaction_id', 'contact_id'] },
  participants: { table: 'interaction_dit_participant', columns: ['id', 'interaction_id', 'adviser_id', 'team_id'] },
  policyAreas: { table: 'interaction_policy_area', columns: ['interaction_id', 'policy_area_id'] },
  policyIssueTypes: { table: 'interaction_policy_issue_type', columns: ['interaction_id', 'policy_issue_type_id'] },
} satisfies Record<string, TableSpec>;

type Batch = Record<keyof typeof TABLES, Row[]>;
const emptyBatch = (): Batch => ({ interaction: [], companies: [], contacts: [], participants: [], policyAreas: [], policyIssueTypes: [] });

const CHUNK = 2_000;
const HISTORY_DAYS = 3 * 365;
/** Data Hub's limit on interaction notes (a check constraint here too). */
const MAX_NOTES = 10_000;

// Investment-themed records must be interactions, never service deliveries.
const THEMES: Record<Kind, ReadonlyArray<readonly [Theme, number]>> = {
  interaction: [['export', 50], ['investment', 15], ['trade_agreement', 10], ['domestic', 10], ['other', 15]],
  service_delivery: [['export', 60], ['trade_agreement', 10], ['domestic', 15], ['other', 15]],
};

const SUBJECTS: Record<Theme, string[]> = {
  export: ['Export advice: {market}', 'Meeting to discuss entering the {market} market', 'Follow-up on the {market} trade mission', 'Export documentation for {product}'],
  investment: ['Investment enquiry: new {product} facility', 'Site visit for a proposed UK expansion', 'Call about expansion plans in the UK'],
  trade_agreement: ['Rules of origin query for {product}', 'Tariffs on {product} exports to {market}', 'Briefing on the UK–{market} trade agreement'],
  domestic: ['Business growth review', 'Local support for {product} makers', 'Account review meeting'],
  other: ['Catch-up call', 'General enquiry about {product}', 'Introductory meeting'],
};

const ARCHIVE_REASONS = ['Duplicate record', 'Entered in error'];
/** How many advisers took part, and how many of the company's contacts were involved (weights). */
const PARTICIPANT_COUNTS = [[1, 80], [2, 15], [3, 5]] as const;
const CONTACT_COUNTS = [[1, 70], [2, 20], [3, 10]] as const;

/**
 * Chooses the company of each interaction. Popularity is skewed (a few accounts get hundreds, most a
 * handful), and only companies with a contact and a non-empty date window are eligible.
 */
class CompanyPicker {
  private readonly order: number[];

  constructor(
    private readonly ctx: DemoContext,
    private readonly companies: readonly CompanyRef[],
    contactIds: readonly string[][],
  ) {
    const eligible = companies
      .map((_, i) => i)
      .filter((i) => {
        const { fromMs, toMs } = this.window(i);
        return contactIds[i].length > 0 && toMs > fromMs;
      });
    if (!eligible.length) throw new Error('seedDemo: no company has a contact to record interactions with');
    this.order = ctx.rng.shuffle(eligible);
  }

  pick(): number {
    const u = this.ctx.rng.float();
    return this.order[Math.floor(u * u * this.order.length)];
  }

  /** After its contacts were added and within the history, and not after the company was archived. */
  window(index: number): { fromMs: number; toMs: number } {
    const company = this.companies[index];
    return {
      fromMs: Math.max(company.createdMs + CONTACTS_ADDED_WITHIN_DAYS * DAY_MS, this.ctx.nowMs - HISTORY_DAYS * DAY_MS),
      toMs: company.archivedMs ?? this.ctx.nowMs,
    };
  }
}

class InteractionGenerator {
  private readonly adviserIds: string[];
  private readonly picker: CompanyPicker;

  constructor(
    private readonly ctx: DemoContext,
    private readonly companies: readonly CompanyRef[],
    private readonly contactIds: readonly string[][],
    private readonly advisers: readonly AdviserRef[],
  ) {
    this.adviserIds = advisers.map((a) => a.id);
    this.picker = new CompanyPicker(ctx, companies, contactIds);
  }

  /** Adds one interaction, with its company, contacts, participants and policy rows, to the batch. */
  add(batch: Batch): void {
    const { rng, ids, ref } = this.ctx;
    const id = ids.uuid();
    const companyIndex = this.picker.pick();
    const company = this.companies[companyIndex];
    const kind: Kind = rng.chance(0.75) ? 'interaction' : 'service_delivery';
    const theme = rng.weighted(THEMES[kind]);
    const status = rng.chance(0.95) ? 'complete' : 'draft';
    // A complete record needs a service; a draft may not have one yet.
    const service = status === 'complete' || rng.chance(0.5) ? rng.pick(ref.servicesFor(kind, theme)) : null;
    const { dateMs, createdMs } = this.when(companyIndex);

    const participants = rng.sample(this.advisers, rng.weighted(PARTICIPANT_COUNTS));
    for (const adviser of participants) {
      // The team is copied from the adviser, as Data Hub does when a participant is added.
      batch.participants.push({ id: ids.uuid(), interaction_id: id, adviser_id: adviser.id, team_id: adviser.teamId });
    }
    for (const contactId of rng.sample(this.contactIds[companyIndex], rng.weighted(CONTACT_COUNTS))) {
      batch.contacts.push({ interaction_id: id, contact_id: contactId });
    }
    batch.companies.push({ interaction_id: id, company_id: company.id });
    const policyNotes = this.policyFeedback(kind, id, batch);

    batch.interaction.push({
      id,
      ...trackedFields(this.ctx, createdMs, participants[0].id, this.adviserIds),
      ...archiveFields(rng.chance(0.01) ? { onMs: rng.between(createdMs, this.ctx.nowMs), byId: rng.pick(this.adviserIds), reason: rng.pick(ARCHIVE_REASONS) } : null),
      kind,
      status,
      theme,
      date: isoDate(dateMs),
      subject: this.subject(theme),
      notes: this.notes(),
      company_id: company.id,
      service_id: service?.id ?? null,
      service_answers: service ? serviceAnswers(this.ctx, service) : null,
      communication_channel_id: kind === 'interaction' ? rng.pick(ref.channelIds) : null,
      was_policy_feedback_provided: policyNotes !== null,
      policy_feedback_notes: policyNotes,
    });
  }

  /** The day it happened, and when it was logged: that working day or up to three days later. */
  private when(companyIndex: number): { dateMs: number; createdMs: number } {
    const { rng } = this.ctx;
    const { fromMs, toMs } = this.picker.window(companyIndex);
    const dateMs = rng.between(fromMs, toMs);
    const dayStart = dateMs - (dateMs % DAY_MS);
    const createdMs = Math.min(toMs, this.ctx.nowMs, dayStart + rng.int(0, 3) * DAY_MS + rng.int(8 * 3600, 18 * 3600) * 1000);
    return { dateMs, createdMs: Math.max(createdMs, dayStart) };
  }

  private subject(theme: Theme): string {
    const { rng, text, intl } = this.ctx;
    return rng.pick(SUBJECTS[theme]).replace(/\{(market|product)\}/g, (_, token: string) =>
      token === 'market' ? intl.location.country() : text.commerce.product().toLowerCase(),
    );
  }

  /** Mostly a few paragraphs; a handful at the maximum length, to exercise the limit. */
  private notes(): string | null {
    const { rng, text } = this.ctx;
    if (rng.chance(0.25)) return null;
    if (rng.chance(0.001)) return text.lorem.paragraphs(100, '\n\n').slice(0, MAX_NOTES);
    return text.lorem.paragraphs(rng.int(1, 3), '\n\n');
  }

  /** Feedback on some interactions: notes plus at least one policy area and one issue type; else none at all. */
  private policyFeedback(kind: Kind, id: string, batch: Batch): string | null {
    const { rng, ref, text } = this.ctx;
    if (kind !== 'interaction' || !rng.chance(0.08)) return null;
    for (const areaId of rng.sample(ref.policyAreaIds, rng.int(1, 3))) batch.policyAreas.push({ interaction_id: id, policy_area_id: areaId });
    for (const typeId of rng.sample(ref.policyIssueTypeIds, rng.int(1, 2))) batch.policyIssueTypes.push({ interaction_id: id, policy_issue_type_id: typeId });
    return text.lorem.sentences(rng.int(1, 3));
  }
}

/** Data Hub's shape, `{questionId: {answerOptionId: {}}}`: one enabled option for every enabled question. */
function serviceAnswers(ctx: DemoContext, service: ServiceChoice): Record<string, Record<string, object>> | null {
  if (!service.questions.length) return null;
  return Object.fromEntries(service.questions.map((q) => [q.id, { [ctx.rng.pick(q.optionIds)]: {} }]));
}

async function writeBatch(em: EntityManager, batch: Batch): Promise<void> {
  for (const key of Object.keys(TABLES) as Array<keyof typeof TABLES>) await writeRows(em, TABLES[key], batch[key]);
}

export async function seedInteractions(
  em: EntityManager,
  ctx: DemoContext,
  count: number,
  companies: readonly CompanyRef[],
  contactIds: readonly string[][],
  advisers: readonly AdviserRef[],
  progress: Progress,
): Promise<void> {
  const generator = new InteractionGenerator(ctx, companies, contactIds, advisers);
  await generateAndWrite(
    Math.ceil(count / CHUNK),
    (chunk) => {
      const batch = emptyBatch();
      for (let i = chunk * CHUNK; i < Math.min(count, (chunk + 1) * CHUNK); i++) generator.add(batch);
      return batch;
    },
    async (batch) => {
      await writeBatch(em, batch);
      progress.advance(batch.interaction.length, 'interactions');
    },
  );
}

/** The interaction module's demo data: interactions of the generated companies, contacts and advisers. */
export const interactionDemo: readonly DemoStep[] = [
  {
    name: 'interactions',
    phase: 'records',
    counts: { small: 10_000, medium: 200_000, large: 1_000_000 },
    run: async (tx, ctx, made, { count, progress }) => {
      await seedInteractions(tx, ctx, count, madeBy(made, 'companies'), madeBy(made, 'contactIds'), madeBy(made, 'advisers'), progress);
      return count;
    },
  },
];
