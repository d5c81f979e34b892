import type { EntityManager } from '@mikro-orm/core';
import { writeTransaction } from '../../db/write.js';
import { badInput, Issues, notFound } from '../../errors.js';
import { Adviser } from '../adviser/index.js';
import { AdviserFeatureFlag, AdviserFeatureFlagGroup, FeatureFlag, FeatureFlagGroup } from './feature-flag.entity.js';
import { adviserFlags, storedFlags, storedGroups, type AdviserFlags, type StoredGroup } from './feature-flag.reads.js';
import { checkCode, checkDescription, listFlags, type ListedFlag } from './feature-flag.rules.js';

/** Who makes a change: an adviser's id, or null for the CLI (the audit names its command as the actor). */
type By = string | null;

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

function stamp(tx: EntityManager, record: FeatureFlag | FeatureFlagGroup, by: By, created = false): void {
  const adviser = by ? tx.getReference(Adviser, by) : null;
  if (created) record.createdBy = adviser;
  record.modifiedBy = adviser;
  record.modifiedOn = new Date();
}

/**
 * The flags with these codes, in order; a declared flag not stored yet is stored now (off, with its module's
 * description). Codes that are neither are added to `issues` at `flags` with their index.
 */
async function flagsFor(tx: EntityManager, declared: Readonly<Record<string, string>>, codes: readonly string[], by: By, issues: Issues): Promise<FeatureFlag[]> {
  const stored = new Map((await tx.find(FeatureFlag, { code: { $in: [...codes] } })).map((f) => [f.code, f]));
  return codes.flatMap((code, i) => {
    if (stored.has(code)) return [stored.get(code)!];
    if (!Object.hasOwn(declared, code)) return (issues.add(['flags', String(i)], 'UNKNOWN_FEATURE_FLAG', `No flag has the code ${code}.`), []);
    const flag = tx.create(FeatureFlag, { code, description: declared[code] });
    stamp(tx, flag, by, true);
    return [flag];
  });
}

/**
 * The flags' administration: every write in one transaction, nothing written for no change. `declared` is
 * the modules' flags (their manifests' `features`): they can be set before anyone has stored them.
 */
export function createFeatureFlagService(declared: Readonly<Record<string, string>>) {
  return {
    declared,

    /** Every flag, stored or declared, with its state and groups. */
    list: async (em: EntityManager): Promise<ListedFlag[]> => listFlags(declared, await storedFlags(em)),

    groups: (em: EntityManager): Promise<StoredGroup[]> => storedGroups(em),

    /** An adviser's flags and groups; NOT_FOUND for no adviser. */
    async adviser(em: EntityManager, adviserId: string): Promise<AdviserFlags> {
      if (!(await em.count(Adviser, { id: adviserId }))) throw notFound('Adviser', adviserId);
      return adviserFlags(em, adviserId);
    },

    /**
     * Switches a flag on or off for the environment. An unknown code is created only when a description is
     * given, so a mistyped code is an error rather than a new flag.
     */
    async setFlag(em: EntityManager, input: { code: string; enabled: boolean; description?: string | null }, by: By): Promise<ListedFlag> {
      const issues = checkCode(new Issues(), ['code'], input.code);
      checkDescription(issues, ['description'], input.description).throwIfAny();
      await writeTransaction(em, async (tx) => {
        let flag = await tx.findOne(FeatureFlag, { code: input.code });
        if (!flag) {
          const description = declared[input.code] ?? input.description?.trim();
          if (!description) throw badInput(['code'], 'UNKNOWN_FEATURE_FLAG', `No flag has the code ${input.code}: give a description to create it.`);
          flag = tx.create(FeatureFlag, { code: input.code, description });
          stamp(tx, flag, by, true);
        }
        // A declared flag's description is its module's; another's is the administrator's.
        const description = declared[input.code] ?? input.description?.trim() ?? flag.description;
        if (flag.enabled !== input.enabled || flag.description !== description) {
          flag.enabled = input.enabled;
          flag.description = description;
          stamp(tx, flag, by);
        }
        await tx.flush();
      });
      return (await this.list(em)).find((f) => f.code === input.code)!;
    },

    /** Creates a flag group, or sets its flags (all of them) and description. */
    async setGroup(em: EntityManager, input: { code: string; flags: readonly string[]; description?: string | null }, by: By): Promise<StoredGroup> {
      const issues = checkCode(new Issues(), ['code'], input.code);
      checkDescription(issues, ['description'], input.description).throwIfAny();
      const codes = [...new Set(input.flags)];
      await writeTransaction(em, async (tx) => {
        const issues = new Issues();
        const flags = await flagsFor(tx, declared, codes, by, issues);
        issues.throwIfAny();
        const stored = await tx.findOne(FeatureFlagGroup, { code: input.code }, { populate: ['flags'] });
        const created = !stored;
        const group: FeatureFlagGroup = stored ?? tx.create(FeatureFlagGroup, { code: input.code, description: input.description?.trim() ?? '' });
        const description = input.description?.trim() ?? group.description;
        if (created || group.description !== description || !sameSet(group.flags.getItems().map((f) => f.code), codes)) {
          group.description = description;
          group.flags.set(flags);
          stamp(tx, group, by, created);
        }
        await tx.flush();
      });
      return (await storedGroups(em)).find((g) => g.code === input.code)!;
    },

    /** Sets an adviser's own flags and groups (all of them: empty lists take every one away). */
    async setAdviser(em: EntityManager, adviserId: string, input: { flags: readonly string[]; groups: readonly string[] }, by: By): Promise<AdviserFlags> {
      await writeTransaction(em, async (tx) => {
        const adviser = await tx.findOne(Adviser, { id: adviserId });
        if (!adviser) throw notFound('Adviser', adviserId);
        const groupCodes = [...new Set(input.groups)];
        const groups = new Map((await tx.find(FeatureFlagGroup, { code: { $in: groupCodes } })).map((g) => [g.code, g]));
        const issues = new Issues();
        groupCodes.forEach((code, i) => groups.has(code) || issues.add(['groups', String(i)], 'UNKNOWN_FEATURE_FLAG_GROUP', `No flag group has the code ${code}.`));
        const flags = await flagsFor(tx, declared, [...new Set(input.flags)], by, issues);
        issues.throwIfAny();
        const wantedFlags = new Set(flags.map((f) => f.id));
        const wantedGroups = new Set([...groups.values()].map((g) => g.id));
        const ownFlags = await tx.find(AdviserFeatureFlag, { adviser: adviserId });
        const ownGroups = await tx.find(AdviserFeatureFlagGroup, { adviser: adviserId });
        ownFlags.filter((row) => !wantedFlags.has(row.featureFlag.id)).forEach((row) => tx.remove(row));
        ownGroups.filter((row) => !wantedGroups.has(row.group.id)).forEach((row) => tx.remove(row));
        const hadFlags = new Set(ownFlags.map((row) => row.featureFlag.id));
        const hadGroups = new Set(ownGroups.map((row) => row.group.id));
        flags.filter((f) => !hadFlags.has(f.id)).forEach((featureFlag) => tx.create(AdviserFeatureFlag, { adviser, featureFlag }));
        [...groups.values()].filter((g) => !hadGroups.has(g.id)).forEach((group) => tx.create(AdviserFeatureFlagGroup, { adviser, group }));
        await tx.flush();
      });
      return adviserFlags(em, adviserId);
    },
  };
}

export type FeatureFlagService = ReturnType<typeof createFeatureFlagService>;
