import type { Viewer } from '../auth/viewer.js';
import type { AppError } from '../errors.js';
import { decideForAnyRow, type ReadRules, type RuleTree } from './rules.js';

/**
 * Whether a caller may read `type.field`: the rule for reading that type at all (ReadRules), then the rule
 * that guards that field in the schema (none: the field is served with its parent). Filters, sorts and search use it, so a
 * value the caller may not read cannot be tested either, and the two can never disagree.
 */
export type FieldAccess = (viewer: Viewer, type: string, field: string) => true | AppError;

export function fieldAccessFrom(tree: RuleTree, readRules: ReadRules): FieldAccess {
  return (viewer, type, field) => {
    const typeRule = readRules[type];
    const ofType = typeRule ? decideForAnyRow(typeRule, viewer) : true;
    if (ofType !== true) return ofType;
    const r = tree[type]?.[field];
    return r ? decideForAnyRow(r, viewer) : true;
  };
}

/** One request's answers, each rule decided once (a filter tree can name a field many times). */
export function memoised(access: FieldAccess, viewer: Viewer): (type: string, field: string) => true | AppError {
  const answers = new Map<string, true | AppError>();
  return (type, field) => {
    const key = `${type}.${field}`;
    let answer = answers.get(key);
    if (answer === undefined) answers.set(key, (answer = access(viewer, type, field)));
    return answer;
  };
}
