import type { RuleTree } from '../../graphql/rules.js';
import { metadataLists } from './metadata.resolver.js';

/** Every reference list is readable by every adviser, as in Data Hub. */
export const metadataPermissions: RuleTree = metadataLists.rules;
