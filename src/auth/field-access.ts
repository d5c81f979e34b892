import type { AppError } from '../errors.js';
import type { Viewer } from './viewer.js';

/**
 * Whether a caller may read `type.field`: `true`, or the refusal the field's rule would give. Decided by the
 * rules that guard the schema (src/graphql/field-access.ts builds it); filters, sorts and search use it, so a
 * value the caller may not read cannot be tested either.
 */
export type FieldAccess = (viewer: Viewer, type: string, field: string) => true | AppError;
