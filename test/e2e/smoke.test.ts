import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app?.close());

describe('smoke', () => {
  it('answers viewer and companies', async () => {
    const res = await app.gql('{ viewer { isSuperuser adviser { email name } } companies(first: 2) { totalCount edges { node { id name } } } countries { id name } }');
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.viewer.adviser.email).toBe('admin@test.example');
    expect(res.body.data.countries.length).toBeGreaterThan(100);
  });
});
