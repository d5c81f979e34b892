import { getNamedType, isEnumType, isScalarType, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppSchema } from '../../src/system.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCaller } from '../helpers/callers.js';
import { createCompany, createContact, interactionInput } from '../helpers/factories.js';

/**
 * An interaction's participants come inside their interaction's statement with only the adviser and team
 * columns the selection reads (src/modules/interaction/interaction.loaders.ts `participantsJsonSql`). Every
 * field of the adviser, its team and the participant's team must then read exactly as through the
 * participants' loader, which reads whole rows (the same selection under `@include(if: true)`, which the
 * look-ahead leaves to the resolver).
 */
let app: TestApp;
let companyId: string;
let leaves: (type: string) => string;

beforeAll(async () => {
  app = await createTestApp({ debugSql: true });
  const schema = await buildAppSchema();
  leaves = (type) =>
    Object.values((schema.getType(type) as GraphQLObjectType).getFields())
      .filter((f) => !f.args.length && (isScalarType(getNamedType(f.type)) || isEnumType(getNamedType(f.type))))
      .map((f) => f.name)
      .join(' ');
  companyId = (await createCompany(app)).id;
  const contact = await createContact(app, companyId);
  const colleague = await createCaller(app, { teamRole: 'International Trade Team', name: 'Zed Colleague' });
  for (const subject of ['First', 'Second']) {
    const input = { ...(await interactionInput(app, companyId, contact.id)), subject, participants: [{ adviserId: app.adminId }, { adviserId: colleague.id }] };
    const res = await app.gql('mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id } }', { input });
    expect(res.body.errors).toBeUndefined();
  }
});
afterAll(() => app?.close());

describe("an interaction's participants, embedded with their selected columns only", () => {
  it('read every adviser and team field as the loader does, in one statement', async () => {
    const team = leaves('Team');
    const selection = `{ id adviser { ${leaves('Adviser')} team { ${team} } } team { ${team} } }`;
    const page = (directive: string) => `query($id: UUID!) { company(id: $id) { interactions(first: 5) { edges { node { subject participants ${directive} ${selection} } } } } }`;
    const embedded = await app.gql(page(''), { id: companyId });
    const loaded = await app.gql(page('@include(if: true)'), { id: companyId });
    expect(embedded.body.errors).toBeUndefined();
    expect(loaded.body.errors).toBeUndefined();
    expect(embedded.body.extensions.sqlStatements).toBe(1);
    expect(loaded.body.extensions.sqlStatements).toBeGreaterThan(1);
    const edges = embedded.body.data.company.interactions.edges;
    expect(edges).toHaveLength(2);
    expect(edges[0].node.participants).toHaveLength(2);
    expect(edges[0].node.participants.map((p: any) => p.adviser.lastName).at(-1)).toBe('Colleague');
    expect(embedded.body.data).toEqual(loaded.body.data);
  });
});
