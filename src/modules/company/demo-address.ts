import { REF } from '../metadata/index.js';
import type { DemoContext, Row } from '../../../seeds/demo/context.js';
import { ukPostcode } from '../../../seeds/demo/uk-places.js';

export interface Address {
  line1: string;
  line2: string | null;
  town: string;
  county: string | null;
  postcode: string | null;
  areaId: string | null;
  countryId: string;
  /** Set for UK addresses only: the region the town is in. */
  ukRegionId: string | null;
}

const { unitedKingdom, unitedStates, canada } = REF.country;

/** Mostly UK, as in Data Hub; the US and Canada only when their administrative areas are loaded. */
export function pickCountry(ctx: DemoContext): string {
  const r = ctx.rng.float();
  if (r < 0.8) return unitedKingdom;
  if (r < 0.85 && ctx.ref.areasByCountry.get(unitedStates)?.length) return unitedStates;
  if (r < 0.87 && ctx.ref.areasByCountry.get(canada)?.length) return canada;
  return ctx.ref.otherCountryIds.length ? ctx.rng.pick(ctx.ref.otherCountryIds) : unitedKingdom;
}

const LINE2_PREFIXES = ['Unit', 'Suite', 'Floor', 'Building'];
const CANADA_LETTERS = [...'ABCEGHJKLMNPRSTVXY'];

function ukAddress(ctx: DemoContext): Address {
  const { rng, text } = ctx;
  const region = rng.weighted(ctx.ukPlaces);
  const place = rng.pick(region.places);
  return {
    line1: text.location.streetAddress(),
    line2: rng.chance(0.2) ? `${rng.pick(LINE2_PREFIXES)} ${rng.int(1, 40)}` : null,
    town: place[0],
    county: null,
    postcode: ukPostcode(rng, place),
    areaId: null,
    countryId: unitedKingdom,
    ukRegionId: region.regionId,
  };
}

/** Data Hub requires an area and a postcode for the US and Canada; the area must be one of that country's. */
function northAmericanPostcode(ctx: DemoContext, countryId: string): string {
  const { rng } = ctx;
  if (countryId === unitedStates) return rng.digits(5);
  const letter = () => rng.pick(CANADA_LETTERS);
  return `${letter()}${rng.digits(1)}${letter()} ${rng.digits(1)}${letter()}${rng.digits(1)}`;
}

function overseasAddress(ctx: DemoContext, countryId: string): Address {
  const { rng, intl } = ctx;
  const areas = ctx.ref.areasByCountry.get(countryId);
  return {
    line1: intl.location.streetAddress(),
    line2: rng.chance(0.15) ? `${rng.pick(LINE2_PREFIXES)} ${rng.int(1, 40)}` : null,
    town: intl.location.city(),
    county: null,
    postcode: areas ? northAmericanPostcode(ctx, countryId) : rng.chance(0.7) ? intl.location.zipCode() : null,
    areaId: areas ? rng.pick(areas) : null,
    countryId,
    ukRegionId: null,
  };
}

export function makeAddress(ctx: DemoContext, countryId: string): Address {
  return countryId === unitedKingdom ? ukAddress(ctx) : overseasAddress(ctx, countryId);
}

/** The address as columns with the given prefix (address_, registered_address_). */
export function addressColumns(prefix: string, address: Address | null): Row {
  return {
    [`${prefix}line1`]: address?.line1 ?? null,
    [`${prefix}line2`]: address?.line2 ?? null,
    [`${prefix}town`]: address?.town ?? null,
    [`${prefix}county`]: address?.county ?? null,
    [`${prefix}postcode`]: address?.postcode ?? null,
    [`${prefix}area_id`]: address?.areaId ?? null,
    [`${prefix}country_id`]: address?.countryId ?? null,
  };
}

export const addressColumnNames = (prefix: string) =>
  ['line1', 'line2', 'town', 'county', 'postcode', 'area_id', 'country_id'].map((c) => `${prefix}${c}`);
