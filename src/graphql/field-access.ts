import type { Viewer } from '../auth/viewer.js';
import type { AppError } from '../errors.js';
import { decideForAnyRow, type RuleTree } from './rules.js';

/**
 * Whether a caller may read `type.field`, decided by the rule that guards that field in the schema (true
 * when no rule guards it: the field is served with its parent). Filters, sorts and search use it, so a
 * value the caller may not read cannot be tested either, and the two can never disagree.
 */
export type FieldAccess = (viewer: Viewer, type: string, field: string) => true | AppError;

export function fieldAccessFrom(tree: RuleTree): FieldAccess {
  return (viewer, type, field) => {
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
