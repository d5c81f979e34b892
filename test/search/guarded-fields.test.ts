import { isObjectType, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClientViewer } from '../../src/auth/viewer.js';
import { scopePermissions, type Scope } from '../../src/auth/scopes.js';
import { fieldAccessFrom } from '../../src/graphql/field-access.js';
import { buildAppSchema, readRules, ruleTree } from '../../src/system.js';
import { searchCatalog } from '../../src/system.js';
import { readableGuardedFields } from '../../src/search/search.service.js';

/**
 * Guarded search text matches only for callers who may read its field, decided by that field's rule. A
 * guarded field without a rule would be readable by everyone (a field without a rule is served with its
 * parent), so a typo in a mapping would silently open its text: each one is checked here.
 */

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildAppSchema();
});

const guards = searchCatalog.mappings.flatMap((mapping) => mapping.guarded.map((g) => ({ mapping, ...g })));

const client = (...scopes: Scope[]): ClientViewer => ({
  kind: 'client',
  clientId: 'c',
  name: 'Partner',
  tokenId: 't',
  authScheme: 'bearer',
  scopes: new Set(scopes),
  permissions: scopePermissions(scopes),
  ipAllowlist: [],
});

describe('guarded search text', () => {
  it('every guarded field is a field of the hit type with a rule of its own in the rule tree', () => {
    expect(guards.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const { mapping, field } of guards) {
      const [type, name] = field.split('.');
      const graphqlType = schema.getType(type);
      if (type !== mapping.typeName) wrong.push(`${mapping.entity}: ${field} is not a field of ${mapping.typeName}`);
      else if (!isObjectType(graphqlType) || !graphqlType.getFields()[name]) wrong.push(`${field}: no such field`);
      else if (!ruleTree[type]?.[name]) wrong.push(`${field}: no rule guards it`);
    }
    expect(wrong).toEqual([]);
  });

  it('guards what documents take from related records and personal data', () => {
    expect(guards.map((g) => g.field).sort()).toEqual(
      [
        'Adviser.contactEmail',
        'Adviser.email',
        'Contact.company',
        'Contact.email',
        'Contact.fullTelephoneNumber',
        'Interaction.companies',
        'Interaction.company',
        'Interaction.contacts',
        'InvestmentProject.investorCompany',
      ].sort(),
    );
  });

  it("a caller may match a guarded field's text exactly when it may read the field", () => {
    const access = fieldAccessFrom(ruleTree, readRules);
    const readable = (...scopes: Scope[]) => readableGuardedFields(access, client(...scopes), searchCatalog.mappings).sort();
    expect(readable('interaction:read', 'search:read')).toEqual([]);
    expect(readable('interaction:read', 'contact:read', 'search:read')).toEqual(['Interaction.contacts']);
    expect(readable('contact:read', 'company:read', 'search:read')).toEqual(['Contact.company']);
    expect(readable('interaction:read', 'company:read', 'search:read')).toEqual(['Interaction.companies', 'Interaction.company']);
    expect(readable('contact:read', 'contact:pii', 'search:read')).toEqual(['Contact.email', 'Contact.fullTelephoneNumber']);
    // A project's investor company needs the company's scope as well as the project's.
    expect(readable('investment:read', 'search:read')).toEqual([]);
    expect(readable('investment:read', 'company:read', 'search:read')).toEqual(['InvestmentProject.investorCompany']);
    // No scope shows advisers' contact details.
    expect(readable('interaction:read', 'contact:read', 'contact:pii', 'company:read', 'search:read')).not.toContain('Adviser.email');
  });
});
