import { describe, expect, it } from 'vitest';
import { buildAccessCatalog, CORE_SCOPES } from '../../src/auth/access.js';
import { MODULES } from '../../src/modules/index.js';

const company = { permissions: { view_company: 'Read.', add_company: 'Create.' }, scopes: { 'company:read': { grants: ['view_company'], description: 'Read.' } }, grants: { DIT_staff: ['view_company', 'add_company'], LEP: ['view_company'] } };
const contact = { permissions: { view_contact: 'Read.' }, grants: { DIT_staff: ['view_contact'] } };

describe('the access vocabulary, from the modules (src/auth/access.ts)', () => {
  it("puts each module's codenames, scopes and grants together; Administrator has every permission", () => {
    const catalog = buildAccessCatalog([company, contact]);
    expect(Object.keys(catalog.permissions)).toEqual(['view_company', 'add_company', 'view_contact']);
    expect(Object.keys(catalog.scopes)).toEqual([...Object.keys(CORE_SCOPES), 'company:read']);
    expect(catalog.groups.DIT_staff.permissions).toEqual(['view_company', 'add_company', 'view_contact']);
    expect(catalog.groups.LEP.permissions).toEqual(['view_company']);
    expect(catalog.groups.DA.permissions).toEqual([]);
    expect(catalog.groups.Administrator.permissions).toEqual(['add_company', 'view_company', 'view_contact']);
  });

  it('stops the start on a name declared twice, a grant of an unknown codename, or an unknown group', () => {
    expect(() => buildAccessCatalog([company, { permissions: { view_company: 'Again.' } }])).toThrow('The permission view_company is declared twice.');
    expect(() => buildAccessCatalog([company, { scopes: { metadata: { grants: [], description: 'Again.' } } }])).toThrow('The scope metadata is declared twice.');
    expect(() => buildAccessCatalog([{ grants: { DA: ['view_nothing'] } }])).toThrow('The group DA names view_nothing, which no module declares.');
    expect(() => buildAccessCatalog([{ scopes: { 'x:read': { grants: ['view_x'], description: '' } } }])).toThrow('The scope x:read names view_x, which no module declares.');
    expect(() => buildAccessCatalog([{ permissions: { view_x: '' }, grants: { Nobody: ['view_x'] } as never }])).toThrow('A module grants permissions to Nobody, which is not a group.');
  });

  it("builds from this system's modules: every module's declarations are consistent", () => {
    const catalog = buildAccessCatalog(MODULES.map((m) => m.access ?? {}));
    expect(catalog.permissions).toHaveProperty('view_company');
    expect(catalog.scopes).toHaveProperty(['contact:pii']);
  });
});
