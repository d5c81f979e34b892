import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_LINK_SECONDS } from '../../src/search/export-link.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCaller, type Caller } from '../helpers/callers.js';
import { createCompany } from '../helpers/factories.js';

// exportUrl is a short-lived signed link, so that a browser's plain download (no Authorization) works:
// checked against its maker's token and permissions when used, audited, refused when expired or altered
// (src/search/export-link.ts, src/http/link-admission.ts).
const EXPORT = `query($term: String) { searchCompanies(term: $term) { totalCount exportUrl } }`;

let app: TestApp;
// The app's clock (link expiry, rate limits): moved instead of sleeping.
let clock = Date.now();

beforeAll(async () => {
  app = await createTestApp({}, { now: () => clock });
  await createCompany(app, { name: 'Quokka Link Exports Ltd' });
  await createCompany(app, { name: 'Quokka Second Ltd' });
  await app.settleSearch();
});

afterAll(async () => {
  await app?.close();
});

/** A new analyst (export_company through Read-only analyst) and the export link of their search. */
async function analystLink(term = 'quokka'): Promise<{ analyst: Caller; link: URL }> {
  const analyst = await createCaller(app, { groups: ['Read-only analyst'] });
  const res = await analyst.gql(EXPORT, { term });
  expect(res.body.errors).toBeUndefined();
  return { analyst, link: new URL(res.body.data.searchCompanies.exportUrl, app.url) };
}

/** A plain GET, as a browser's download sends it: no Authorization. */
const download = (link: URL | string) => fetch(link);

const refusal = async (res: Response) => (await res.json()).errors[0];

describe('a signed export link', () => {
  it('downloads the CSV without a credential, and is audited as its maker', async () => {
    const { analyst, link } = await analystLink();
    expect(link.pathname).toBe('/export/company.csv');
    expect([...link.searchParams.keys()]).toEqual(['q', 'expires', 'by', 'sig']);
    const expires = Number(link.searchParams.get('expires'));
    expect(expires * 1000).toBeGreaterThan(Date.now());
    expect(expires * 1000).toBeLessThanOrEqual(Date.now() + EXPORT_LINK_SECONDS * 1000);

    const res = await download(link);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="companies-/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines.slice(1).map((l) => l.split(',')[1]).sort()).toEqual(['Quokka Link Exports Ltd', 'Quokka Second Ltd']);
    const events = await app.sql("select data from user_event where type = 'search_export' and actor_id = ?", [analyst.id]);
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({ entity: 'company', term: 'quokka', rows: 2 });
  });

  it('still works with the Authorization header, as exportUrl always did', async () => {
    const { analyst, link } = await analystLink();
    expect((await fetch(link, { headers: { authorization: `Bearer ${analyst.token}` } })).status).toBe(200);
  });

  it('is refused once expired (coded 403)', async () => {
    const { link } = await analystLink();
    const saved = clock;
    try {
      clock = Number(link.searchParams.get('expires')) * 1000;
      const res = await download(link);
      expect(res.status).toBe(403);
      expect(await refusal(res)).toMatchObject({ extensions: { code: 'FORBIDDEN', reason: 'EXPORT_LINK_EXPIRED' } });
      clock -= 1000;
      expect((await download(link)).status).toBe(200);
    } finally {
      clock = saved;
    }
  });

  it('is refused when altered: another search, another maker, a later expiry, another entity (coded 403)', async () => {
    const { link } = await analystLink();
    const { link: other } = await analystLink('second');
    const altered = (change: (url: URL) => void) => {
      const url = new URL(link);
      change(url);
      return url;
    };
    const forgeries = [
      altered((u) => u.searchParams.set('q', other.searchParams.get('q')!)),
      altered((u) => u.searchParams.set('by', other.searchParams.get('by')!)),
      altered((u) => u.searchParams.set('expires', String(Number(u.searchParams.get('expires')) + 3600))),
      altered((u) => (u.pathname = '/export/contact.csv')),
      altered((u) => u.searchParams.set('sig', `${u.searchParams.get('sig')!.slice(0, -2)}AA`)),
      altered((u) => u.searchParams.set('by', 'not-a-uuid')),
    ];
    for (const forged of forgeries) {
      const res = await download(forged);
      expect(res.status, forged.href).toBe(403);
      expect(await refusal(res)).toMatchObject({ extensions: { code: 'FORBIDDEN', reason: 'EXPORT_LINK_INVALID' } });
    }
    // Without its signature it is a plain URL, which needs a credential.
    const unsigned = altered((u) => u.searchParams.delete('sig'));
    const res = await download(unsigned);
    expect(res.status).toBe(401);
    expect(await refusal(res)).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it("is refused once its maker has lost the export permission, or their token is revoked", async () => {
    const { analyst, link } = await analystLink();
    await app.sql("update adviser set groups = '{}' where id = ?", [analyst.id]);
    const lost = await download(link);
    expect(lost.status).toBe(403);
    expect(await refusal(lost)).toMatchObject({ extensions: { code: 'FORBIDDEN', permission: 'export_company' } });

    const { link: second } = await analystLink();
    await app.sql('update api_token set revoked_on = now() where id = ?', [second.searchParams.get('by')]);
    const revoked = await download(second);
    expect(revoked.status).toBe(401);
    expect(await refusal(revoked)).toMatchObject({ extensions: { code: 'UNAUTHENTICATED', reason: 'REVOKED' } });
    const events = await app.sql("select 1 from user_event where type = 'search_export' and actor_id = ?", [analyst.id]);
    expect(events).toEqual([]);
  });
});
