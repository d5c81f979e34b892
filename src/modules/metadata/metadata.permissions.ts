import { readReferenceData, type RuleTree } from '../../graphql/rules.js';
import { REFERENCE_LIST_FIELDS } from './metadata.resolver.js';

/** Every reference list is readable by every adviser, as in Data Hub. */
export const metadataPermissions: RuleTree = {
  Query: Object.fromEntries(REFERENCE_LIST_FIELDS.map((field) => [field, readReferenceData])),
};
