import fs from 'node:fs';
import { getNamedType, isObjectType, type GraphQLNamedType, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { groupNames } from '../src/auth/permissions.js';
import { fieldNames, permissionsDocPath, permissionsMarkdown, unruledRootFields } from '../src/graphql/permissions-doc.js';
import { rootTypeNames } from '../src/graphql/permissions.js';
import { buildAppSchema, ruleTree, schemaRules } from '../src/system.js';
import { readReferenceFile } from '../seeds/metadata.seed.js';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildAppSchema();
});

/** The entities and the rule that reads each; a relation into one of them needs that rule. */
const VIEW: Record<string, string> = {
  Company: 'can:view_company',
  Contact: 'can:view_contact',
  // All of them, or those about the caller's team's investment projects (the row rule narrows the rows).
  Interaction: 'viewInteractions',
  InvestmentProject: 'viewInvestmentProjects',
};

/** The entity a field leads to: its type, or the node type of a connection (`CompanyConnection` → `Company`). */
function entityOf(type: GraphQLNamedType): string | undefined {
  if (VIEW[type.name]) return type.name;
  if (isObjectType(type) && type.name.endsWith('Connection')) return entityOf(getNamedType(type.getFields().edges.type));
  if (isObjectType(type) && type.name.endsWith('Edge')) return entityOf(getNamedType(type.getFields().node.type));
  return undefined;
}

describe('permission rules', () => {
  it('every Query and Mutation field has an explicit rule (a new field without one is denied, and fails here)', () => {
    expect(unruledRootFields(schema, ruleTree)).toEqual([]);
  });

  it('every field that leads from one entity to another needs the view permission of the one it leads to', () => {
    const missing: string[] = [];
    const roots = rootTypeNames(schema);
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || roots.includes(type.name) || /(Connection|Edge)$/.test(type.name)) continue;
      for (const [name, field] of Object.entries(type.getFields())) {
        const target = entityOf(getNamedType(field.type));
        if (!target || VIEW[target] === VIEW[type.name]) continue;
        if (ruleTree[type.name]?.[name]?.name !== VIEW[target]) missing.push(`${type.name}.${name} needs the rule ${VIEW[target]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("a contact's personal data has its own rule wherever the contact appears (view_contact; contact:pii for clients)", () => {
    for (const field of ['email', 'fullTelephoneNumber']) expect(ruleTree.Contact[field].name).toBe('viewContactPersonalData');
  });

  it('every rule names a field of the schema', () => {
    const unknown = Object.entries(ruleTree).flatMap(([type, fields]) => Object.keys(fields).filter((f) => !fieldNames(schema, type).includes(f)).map((f) => `${type}.${f}`));
    expect(unknown).toEqual([]);
  });

  it("every group a seeded team role grants is defined, so no role's members silently get nothing", () => {
    const granted = new Set(readReferenceFile('metadata__teamrole').flatMap((r) => r.groups.flat() as string[]));
    expect([...granted].filter((g) => !(groupNames() as string[]).includes(g))).toEqual([]);
  });
});

describe('docs/permissions.md', () => {
  it('is what the code says (run `npm run docs:permissions` after changing a rule, a group or a root field)', () => {
    const committed = fs.existsSync(permissionsDocPath()) ? fs.readFileSync(permissionsDocPath(), 'utf8') : '';
    expect(committed, 'docs/permissions.md is stale: run `npm run docs:permissions` and commit it').toBe(permissionsMarkdown(schema, schemaRules));
  });
});
