import { text, uuid, type Column, type Row } from '../../db/read-model.js';
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
  { key: 'line1', suffix: 'Line1', column: 'line1', reference: false, required: true },
  { key: 'line2', suffix: 'Line2', column: 'line2', reference: false, required: false },
  { key: 'town', suffix: 'Town', column: 'town', reference: false, required: true },
  { key: 'county', suffix: 'County', column: 'county', reference: false, required: false },
  { key: 'postcode', suffix: 'Postcode', column: 'postcode', reference: false, required: false },
  { key: 'areaId', suffix: 'Area', column: 'area_id', reference: true, required: false },
  { key: 'countryId', suffix: 'Country', column: 'country_id', reference: true, required: true },
] as const;

type Part = (typeof PARTS)[number];
const rowKey = (prefix: string, part: Part) => `${prefix}${part.suffix}${part.reference ? 'Id' : ''}`;

/** PARTS for the type checker: each part's row key suffix, its column suffix, and whether a required address always has it. */
type PartColumns = { Line1: 'line1'; Line2: 'line2'; Town: 'town'; County: 'county'; Postcode: 'postcode'; AreaId: 'area_id'; CountryId: 'country_id' };
type RequiredPart = 'Line1' | 'Town' | 'CountryId';

/** An address's columns under a prefix: `addressLine1: text('address_line1')`, `addressAreaId: uuid('address_area_id')`... */
export type AddressColumns<Prefix extends string, ColumnPrefix extends string, Required extends boolean> = {
  [S in keyof PartColumns as `${Prefix}${S}`]: Column<S extends RequiredPart ? (Required extends true ? string : string | null) : string | null, `${ColumnPrefix}_${PartColumns[S]}`>;
};

/**
 * The read model's columns of an address: `addressLine1: text('address_line1')`, `addressAreaId:
 * uuid('address_area_id')`... Every part may be null, but line 1, town and country when the address is
 * `required` (the table says not null: a company's trading address).
 */
export function addressReadColumns<Prefix extends string, ColumnPrefix extends string, Required extends boolean = false>(
  prefix: Prefix,
  columnPrefix: ColumnPrefix,
  options: { required?: Required } = {},
): AddressColumns<Prefix, ColumnPrefix, Required> {
  return Object.fromEntries(
    PARTS.map((part) => {
      const column = (part.reference ? uuid : text)(`${columnPrefix}_${part.column}`);
      return [rowKey(prefix, part), options.required && part.required ? column : column.orNull()];
    }),
  ) as AddressColumns<Prefix, ColumnPrefix, Required>;
}

/** The row keys of an address under a prefix (`addressLine1`, ... `addressCountryId`), in the order of its columns. */
export const addressKeys = <Prefix extends string>(prefix: Prefix) => PARTS.map((part) => rowKey(prefix, part) as `${Prefix}${keyof PartColumns}`);

/**
 * Each prefix's row keys, in PARTS order, made once: addressFromRow runs for every row of a list, and
 * building its seven keys as new strings there cost 3.5 % of a company list's CPU (profile, issue 16).
 */
const rowKeysByPrefix = new Map<string, string[]>();
const rowKeysOf = (prefix: string) => {
  let keys = rowKeysByPrefix.get(prefix);
  if (!keys) rowKeysByPrefix.set(prefix, (keys = PARTS.map((part) => rowKey(prefix, part))));
  return keys;
};

/** An address as the read side holds it (a row's prefixed keys); null when the row has none. */
export function addressFromRow(row: Row, prefix: string): AddressState | null {
  const [line1, line2, town, county, postcode, areaId, countryId] = rowKeysOf(prefix);
  if (!row[line1] && !row[town] && !row[countryId]) return null;
  // One literal, so every address has the same shape (PARTS order); a test compares it with PARTS.
  return { line1: row[line1], line2: row[line2], town: row[town], county: row[county], postcode: row[postcode], areaId: row[areaId], countryId: row[countryId] };
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
