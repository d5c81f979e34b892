import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

const TOKEN = 'metrics-token-for-the-test-0001';
let clock = Date.UTC(2026, 11, 4, 12);
let app: TestApp;
let off: TestApp;
beforeAll(async () => {
  [app, off] = await Promise.all([createTestApp({ metricsToken: TOKEN }, { now: () => clock }), createTestApp()]);
});
afterAll(async () => {
  await app?.close();
  await off?.close();
});

const scrape = (target: TestApp, authorization?: string) =>
  fetch(`${target.url}/metrics`, { headers: authorization ? { authorization } : {} }).then(async (r) => ({ status: r.status, text: await r.text() }));

describe('/metrics', () => {
  it('is off without METRICS_TOKEN: 404, coded, and no SQL behind it', async () => {
    const res = await scrape(off, `Bearer ${TOKEN}`);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.text).errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'METRICS_OFF' });
  });

  it('needs the token: none, another one or another scheme is 401', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-wrong-token-00', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`, app.token]) {
      const res = await scrape(app, authorization === app.token ? `Bearer ${app.token}` : authorization);
      expect(res.status, authorization).toBe(401);
      expect(JSON.parse(res.text).errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'METRICS_TOKEN' });
    }
    const ok = await scrape(app, `Bearer ${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.text).toMatch(/^crm_search_outbox_depth \d+$/m);
  });

  it('serves its figures from memory for five seconds, however often it is asked', async () => {
    const depth = async () => Number(/^crm_search_outbox_depth (\d+)$/m.exec((await scrape(app, `Bearer ${TOKEN}`)).text)![1]);
    clock += 10_000;
    const before = await depth();
    await app.sql("insert into search_outbox (entity, record_id) values ('company', '00000000-0000-4000-8000-0000000000c1')");
    clock += 4_999;
    expect(await depth()).toBe(before);
    clock += 1;
    expect(await depth()).toBe(before + 1);
  });
});
