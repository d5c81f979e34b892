import type { FieldAccess } from '../auth/field-access.js';
import type { Viewer } from '../auth/viewer.js';
import type { AppError } from '../errors.js';
import { decideForAnyRow, type ReadRules, type RuleTree } from './rules.js';

export type { FieldAccess };

/**
 * Field access from the schema's rules: the rule for reading the type at all (ReadRules), then the rule that
 * guards the field (none: the field is served with its parent). Decided outside graphql-shield from the same
 * checks, so what may be filtered, sorted and searched can never disagree with what may be read.
 */
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
