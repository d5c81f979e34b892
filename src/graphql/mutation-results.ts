import { getNamedType, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { Viewer } from '../auth/viewer.js';
import { AppError } from '../errors.js';
import { decideForAnyRow, type ReadRules } from './rules.js';

/** The fields a selection asks for, through fragments and inline fragments, `__typename` left out. */
export function selectedFields(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === 'Field') {
        if (s.name.value !== '__typename') names.add(s.name.value);
      } else if (s.kind === 'InlineFragment') visit(s.selectionSet);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        visit(info.fragments[s.name.value]?.selectionSet);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return names;
}

/**
 * A write scope is not a read scope: a caller that may change companies but not read them (a partner with
 * `company:write` alone) gets the id of what it wrote, and nothing more. Asking for more is refused before
 * the write runs (FORBIDDEN, reason RESULT_NOT_READABLE), so nothing is written for an answer the caller
 * could not have seen; refusing after the write would null the result and hide the id of what was written.
 */
export function assertResultReadable(readRules: ReadRules, viewer: Viewer, info: GraphQLResolveInfo): void {
  const type = getNamedType(info.returnType).name;
  const r = readRules[type];
  if (!r) return;
  const answer = decideForAnyRow(r, viewer);
  if (answer === true) return;
  const beyondId = [...selectedFields(info)].filter((f) => f !== 'id');
  if (!beyondId.length) return;
  throw new AppError(
    'FORBIDDEN',
    `You may write ${type} records but not read them: ask only for id in ${info.fieldName}'s result (it asked for ${beyondId.join(', ')}). ${answer.message}`,
    { ...answer.extensions, reason: 'RESULT_NOT_READABLE' },
  );
}
