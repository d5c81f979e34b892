import { defineReasons, type ReasonsOf } from '../../errors.js';

/**
 * Reason codes about reference data (src/errors.ts ErrorReasons): the other modules raise them too, on the
 * reference rows and services they link to (an interaction's service answers, an event's service).
 */
export const metadataReasons = defineReasons({
  DISABLED: 'The reference row (or service question or answer) is disabled, so new records cannot choose it (records that have it keep it): choose an enabled one.',
  SERVICE_NOT_LEAF: 'The service has sub-services, and a record must name a leaf of the services tree: choose one of its sub-services.',
});

declare module '../../errors.js' {
  interface ErrorReasons extends ReasonsOf<typeof metadataReasons> {}
}
