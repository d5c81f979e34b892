import { Issues } from '../../errors.js';

/**
 * The feature flags' rules, pure: when a flag is on for an adviser, what a flag's code may be, and the list
 * of flags (the ones stored and the ones modules declare in code).
 */

/** How a flag stands for one adviser (or for a job, which acts for none: `direct` and `throughGroup` false). */
export type FlagState = { enabled: boolean; direct: boolean; throughGroup: boolean };

/**
 * A flag is on for an adviser when it is on for the environment, or the adviser has it themselves, or
 * through one of their groups. There is no per-adviser "off": a flag is switched on for everyone only once
 * its rollout to a few advisers is done, and "on for everyone" must mean everyone (jobs, which act for no
 * adviser, included); keeping a feature from someone is what permissions are for, not flags.
 */
export const isOn = (state: FlagState): boolean => state.enabled || state.direct || state.throughGroup;

/** Flag and group codes: lower-case words joined by hyphens (`auto-archive-companies`), as Data Hub's are. */
const CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_CODE = 100;
const MAX_DESCRIPTION = 1000;

/** The problems with a code (`field` is where it was given), added to `issues`. */
export function checkCode(issues: Issues, field: string[], code: string): Issues {
  if (!code) return issues.add(field, 'REQUIRED', 'A code is required.');
  if (code.length > MAX_CODE) return issues.add(field, 'TOO_LONG', `A code is at most ${MAX_CODE} characters.`);
  if (!CODE.test(code)) issues.add(field, 'INVALID_FEATURE_CODE', `${code} is not a code: use lower-case letters and digits, words joined by hyphens (auto-archive-companies).`);
  return issues;
}

export function checkDescription(issues: Issues, field: string[], description: string | null | undefined): Issues {
  if (description != null && description.length > MAX_DESCRIPTION) issues.add(field, 'TOO_LONG', `A description is at most ${MAX_DESCRIPTION} characters.`);
  return issues;
}

/** A flag as listed: stored, or only declared by a module (then off, and stored the first time it is set). */
export type ListedFlag = { code: string; description: string; enabled: boolean; declared: boolean; groups: string[]; advisers: number };

export type StoredFlag = Omit<ListedFlag, 'declared'>;

/**
 * Every flag, by code: the stored ones, and the ones modules declare that are not stored yet (off, in no
 * group). A declared flag's description is the module's: the code says what it switches.
 */
export function listFlags(declared: Readonly<Record<string, string>>, stored: readonly StoredFlag[]): ListedFlag[] {
  const byCode = new Map<string, ListedFlag>(stored.map((f) => [f.code, { ...f, declared: false }]));
  for (const [code, description] of Object.entries(declared)) {
    const flag = byCode.get(code);
    byCode.set(code, flag ? { ...flag, description, declared: true } : { code, description, enabled: false, declared: true, groups: [], advisers: 0 });
  }
  return [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/**
 * The modules' declared flags as one record; a code declared twice, or one that is not a code, stops the
 * start (as a permission declared twice does).
 */
export function mergeDeclared(declarations: ReadonlyArray<{ name: string; features?: Readonly<Record<string, string>> }>): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const { name, features } of declarations) {
    for (const [code, description] of Object.entries(features ?? {})) {
      if (Object.hasOwn(merged, code)) throw new Error(`The feature flag ${code} is declared twice (again by ${name}).`);
      if (checkCode(new Issues(), [], code).any) throw new Error(`The module ${name} declares ${code}, which is not a feature flag code.`);
      merged[code] = description;
    }
  }
  return merged;
}
