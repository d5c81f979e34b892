import type { Rng } from './random.js';

/**
 * Real towns with their real postcode areas and districts, by UK region (matched to metadata_uk_region by name), so a
 * company's town, postcode and region agree. Weights roughly follow where businesses are.
 */
export type Place = [town: string, postcodeArea: string, firstDistrict: number, lastDistrict: number];

const UK_PLACES: Record<string, { weight: number; places: Place[] }> = {
  London: { weight: 24, places: [['London', 'EC', 1, 4], ['London', 'WC', 1, 2], ['London', 'E', 1, 18], ['London', 'N', 1, 22], ['London', 'NW', 1, 11], ['London', 'SE', 1, 28], ['London', 'SW', 1, 20], ['London', 'W', 1, 14], ['Croydon', 'CR', 0, 9], ['Harrow', 'HA', 0, 9]] },
  'South East': { weight: 14, places: [['Reading', 'RG', 1, 6], ['Oxford', 'OX', 1, 4], ['Brighton', 'BN', 1, 3], ['Southampton', 'SO', 14, 19], ['Portsmouth', 'PO', 1, 6], ['Guildford', 'GU', 1, 5], ['Maidstone', 'ME', 14, 17], ['Milton Keynes', 'MK', 1, 15], ['Canterbury', 'CT', 1, 4], ['Slough', 'SL', 1, 3]] },
  'North West': { weight: 10, places: [['Manchester', 'M', 1, 40], ['Liverpool', 'L', 1, 38], ['Preston', 'PR', 1, 5], ['Bolton', 'BL', 1, 7], ['Chester', 'CH', 1, 4], ['Warrington', 'WA', 1, 5], ['Blackburn', 'BB', 1, 3], ['Lancaster', 'LA', 1, 2]] },
  'East of England': { weight: 9, places: [['Cambridge', 'CB', 1, 5], ['Norwich', 'NR', 1, 14], ['Ipswich', 'IP', 1, 10], ['Peterborough', 'PE', 1, 7], ['Chelmsford', 'CM', 1, 3], ['Luton', 'LU', 1, 4], ['Colchester', 'CO', 1, 4], ['Stevenage', 'SG', 1, 2]] },
  'West Midlands': { weight: 8, places: [['Birmingham', 'B', 1, 45], ['Coventry', 'CV', 1, 6], ['Wolverhampton', 'WV', 1, 14], ['Stoke-on-Trent', 'ST', 1, 6], ['Worcester', 'WR', 1, 5], ['Walsall', 'WS', 1, 5], ['Telford', 'TF', 1, 7], ['Hereford', 'HR', 1, 4]] },
  'South West': { weight: 8, places: [['Bristol', 'BS', 1, 16], ['Exeter', 'EX', 1, 6], ['Plymouth', 'PL', 1, 9], ['Bath', 'BA', 1, 2], ['Swindon', 'SN', 1, 5], ['Gloucester', 'GL', 1, 4], ['Bournemouth', 'BH', 1, 11], ['Truro', 'TR', 1, 4], ['Taunton', 'TA', 1, 3]] },
  'Yorkshire and The Humber': { weight: 7, places: [['Leeds', 'LS', 1, 29], ['Sheffield', 'S', 1, 36], ['Bradford', 'BD', 1, 15], ['York', 'YO', 30, 32], ['Hull', 'HU', 1, 9], ['Huddersfield', 'HD', 1, 5], ['Doncaster', 'DN', 1, 12], ['Wakefield', 'WF', 1, 4], ['Harrogate', 'HG', 1, 3]] },
  'East Midlands': { weight: 6, places: [['Nottingham', 'NG', 1, 17], ['Leicester', 'LE', 1, 7], ['Derby', 'DE', 21, 24], ['Northampton', 'NN', 1, 7], ['Lincoln', 'LN', 1, 6]] },
  Scotland: { weight: 6, places: [['Edinburgh', 'EH', 1, 17], ['Glasgow', 'G', 1, 40], ['Aberdeen', 'AB', 10, 25], ['Dundee', 'DD', 1, 5], ['Inverness', 'IV', 1, 3], ['Stirling', 'FK', 7, 9], ['Perth', 'PH', 1, 2], ['Kilmarnock', 'KA', 1, 3]] },
  'North East': { weight: 3, places: [['Newcastle upon Tyne', 'NE', 1, 15], ['Sunderland', 'SR', 1, 6], ['Durham', 'DH', 1, 1], ['Middlesbrough', 'TS', 1, 8], ['Darlington', 'DL', 1, 3]] },
  Wales: { weight: 3, places: [['Cardiff', 'CF', 10, 24], ['Swansea', 'SA', 1, 7], ['Newport', 'NP', 10, 20], ['Wrexham', 'LL', 11, 14], ['Bangor', 'LL', 57, 57]] },
  'Northern Ireland': { weight: 2, places: [['Belfast', 'BT', 1, 17], ['Londonderry', 'BT', 47, 48], ['Lisburn', 'BT', 27, 28], ['Newry', 'BT', 34, 35]] },
};

export interface UkRegionPlaces {
  regionId: string;
  places: Place[];
}

/**
 * The regions of the database that have places, weighted. If none match by name (a different reference
 * set), every enabled region is used with all places: still valid data, only less geographically true.
 */
export function ukPlacesFor(regions: ReadonlyArray<{ id: string; name: string }>): Array<readonly [UkRegionPlaces, number]> {
  const matched = regions
    .filter((r) => UK_PLACES[r.name])
    .map((r) => [{ regionId: r.id, places: UK_PLACES[r.name].places }, UK_PLACES[r.name].weight] as const);
  if (matched.length) return matched;
  const all = Object.values(UK_PLACES).flatMap((p) => p.places);
  return regions.map((r) => [{ regionId: r.id, places: all }, 1] as const);
}

// The inward code's last two letters never use C, I, K, M, O or V.
const INWARD_LETTERS = [...'ABDEFGHJLNPQRSTUWXYZ'];
const CENTRAL_LONDON_SUFFIXES = ['A', 'M', 'N', 'R', 'V'];

/** A well-formed postcode in one of the place's districts, e.g. "LS12 4DX" or "EC1A 2BN". */
export function ukPostcode(rng: Rng, [, area, firstDistrict, lastDistrict]: Place): string {
  // Central London districts are subdivided with a letter (EC1A, WC2N).
  const suffix = area === 'EC' || area === 'WC' ? rng.pick(CENTRAL_LONDON_SUFFIXES) : '';
  return `${area}${rng.int(firstDistrict, lastDistrict)}${suffix} ${rng.int(0, 9)}${rng.pick(INWARD_LETTERS)}${rng.pick(INWARD_LETTERS)}`;
}

/** A UK number in international format: mobiles (+44 7…) or a geographic line. */
export function ukTelephone(rng: Rng): string {
  return rng.chance(0.5) ? `+44 7${rng.digits(3)} ${rng.digits(6)}` : `+44 ${rng.pick(['20', '113', '121', '131', '141', '161', '117', '191'])} ${rng.digits(3)} ${rng.digits(4)}`;
}
