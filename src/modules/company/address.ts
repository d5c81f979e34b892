import type { Row } from '../../db/read-model.js';
import { idOf, trimOrNull } from '../../db/values.js';

/** An address as the rules see it: its text, and its area and country by id. */
export type AddressState = {
  line1?: string | null;
  line2?: string | null;
  town?: string | null;
  county?: string | null;
  postcode?: string | null;
  areaId?: string | null;
  countryId?: string | null;
};

/**
 * The one description of how an address is flattened onto the record that has it (a company has two, a
 * contact one), under a prefix such as `address`: each part's key in AddressState, its suffix on the entity
 * (`addressLine1`, `addressArea`) and its column (`address_line1`, `address_area_id`). The read model's row
 * keys are the entity's, with `Id` after a reference (`addressAreaId`).
 */
const PARTS = [
  { key: 'line1', suffix: 'Line1', column: 'line1', reference: false },
  { key: 'line2', suffix: 'Line2', column: 'line2', reference: false },
  { key: 'town', suffix: 'Town', column: 'town', reference: false },
  { key: 'county', suffix: 'County', column: 'county', reference: false },
  { key: 'postcode', suffix: 'Postcode', column: 'postcode', reference: false },
  { key: 'areaId', suffix: 'Area', column: 'area_id', reference: true },
  { key: 'countryId', suffix: 'Country', column: 'country_id', reference: true },
] as const;

type Part = (typeof PARTS)[number];
const rowKey = (prefix: string, part: Part) => `${prefix}${part.suffix}${part.reference ? 'Id' : ''}`;

/** The read model's columns of an address: `addressLine1: 'address_line1'`, `addressAreaId: 'address_area_id'`... */
export function addressReadColumns(prefix: string, columnPrefix: string): Record<string, string> {
  return Object.fromEntries(PARTS.map((part) => [rowKey(prefix, part), `${columnPrefix}_${part.column}`]));
}

/** An address as the read side holds it (a row's prefixed keys); null when the row has none. */
export function addressFromRow(row: Row, prefix: string): AddressState | null {
  if (!row[`${prefix}Line1`] && !row[`${prefix}Town`] && !row[`${prefix}CountryId`]) return null;
  return Object.fromEntries(PARTS.map((part) => [part.key, row[rowKey(prefix, part)]]));
}

/** An entity's address as the rules see it; null when it has no country (no address was given). */
export function addressOfEntity(entity: object, prefix: string): AddressState | null {
  const fields = entity as Record<string, unknown>;
  if (!fields[`${prefix}Country`]) return null;
  const value = (part: Part) => fields[`${prefix}${part.suffix}`];
  return Object.fromEntries(PARTS.map((part) => [part.key, part.reference ? idOf(value(part) as { id: string } | null) : value(part)]));
}

/** Entity data that stores an address (null clears every part); MikroORM takes an id for a reference. */
export function addressEntityData(prefix: string, address: AddressState | null | undefined): Record<string, unknown> {
  return Object.fromEntries(PARTS.map((part) => [`${prefix}${part.suffix}`, address?.[part.key] ?? null]));
}

/** An address input as stored: trimmed, blanks as null, postcodes upper-cased. */
export function normaliseAddress(a: AddressState & { countryId: string }): AddressState {
  return {
    line1: trimOrNull(a.line1),
    line2: trimOrNull(a.line2),
    town: trimOrNull(a.town),
    county: trimOrNull(a.county),
    postcode: trimOrNull(a.postcode)?.toUpperCase() ?? null,
    areaId: a.areaId ?? null,
    countryId: a.countryId,
  };
}
