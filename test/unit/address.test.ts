import { describe, expect, it } from 'vitest';
import { addressEntityData, addressFromRow, addressOfEntity, addressReadColumns, normaliseAddress } from '../../src/modules/company/address.js';

const address = { line1: '1 High Street', line2: null, town: 'London', county: null, postcode: 'SW1A 1AA', areaId: null, countryId: 'uk' };

describe('the one address mapping', () => {
  it('names the read columns of a prefix', () => {
    const columns = Object.entries(addressReadColumns('registeredAddress', 'registered_address'));
    expect(Object.fromEntries(columns.map(([key, column]) => [key, column.name]))).toEqual({
      registeredAddressLine1: 'registered_address_line1',
      registeredAddressLine2: 'registered_address_line2',
      registeredAddressTown: 'registered_address_town',
      registeredAddressCounty: 'registered_address_county',
      registeredAddressPostcode: 'registered_address_postcode',
      registeredAddressAreaId: 'registered_address_area_id',
      registeredAddressCountryId: 'registered_address_country_id',
    });
  });

  it('reads an address off a row, and none where the row has no line 1, town or country', () => {
    const row = { id: 'c1', addressLine1: '1 High Street', addressLine2: null, addressTown: 'London', addressCounty: null, addressPostcode: 'SW1A 1AA', addressAreaId: null, addressCountryId: 'uk' };
    expect(addressFromRow(row, 'address')).toEqual(address);
    expect(addressFromRow({ ...row, addressLine1: null, addressTown: null, addressCountryId: null }, 'address')).toBeNull();
    expect(addressFromRow(row, 'registeredAddress')).toBeNull();
  });

  it('puts every part of a row in its own place, under any prefix', () => {
    const full = { line1: 'L1', line2: 'L2', town: 'T', county: 'C', postcode: 'P', areaId: 'A', countryId: 'K' };
    const row = Object.fromEntries(Object.entries(addressEntityData('registeredAddress', full)).map(([key, value]) => [/Area$|Country$/.test(key) ? `${key}Id` : key, value]));
    expect(addressFromRow(row, 'registeredAddress')).toEqual(full);
    expect(Object.keys(addressFromRow(row, 'registeredAddress')!)).toEqual(Object.keys(full));
  });

  it('reads an entity\'s address with its references by id, and none without a country', () => {
    const entity = { addressLine1: '1 Main St', addressLine2: 'Suite 2', addressTown: 'Boston', addressCounty: null, addressPostcode: '02101', addressArea: { id: 'ma' }, addressCountry: { id: 'us' } };
    expect(addressOfEntity(entity, 'address')).toEqual({ line1: '1 Main St', line2: 'Suite 2', town: 'Boston', county: null, postcode: '02101', areaId: 'ma', countryId: 'us' });
    expect(addressOfEntity({ ...entity, addressCountry: null }, 'address')).toBeNull();
  });

  it('writes an address onto entity fields, and clears them all for none', () => {
    expect(addressEntityData('address', address)).toEqual({
      addressLine1: '1 High Street',
      addressLine2: null,
      addressTown: 'London',
      addressCounty: null,
      addressPostcode: 'SW1A 1AA',
      addressArea: null,
      addressCountry: 'uk',
    });
    expect(Object.values(addressEntityData('registeredAddress', null))).toEqual(Array(7).fill(null));
  });

  it('stores input trimmed, blanks as none, the postcode upper-cased', () => {
    expect(normaliseAddress({ line1: ' 1 High Street ', line2: '  ', town: 'London', postcode: ' sw1a 1aa', countryId: 'uk' })).toEqual({ ...address, postcode: 'SW1A 1AA' });
  });
});
