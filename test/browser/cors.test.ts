/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser.)
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium } from '../helpers/browser.js';
import { createCompany } from '../helpers/factories.js';

// Real headless Chromium on a page served from another origin (another port) calling the gateway's
// /graphql with fetch, as a web app or its dev server does: CORS as the browser enforces it (src/http/cors.ts).
const QUERY = '{ viewer { adviser { email } } }';

type StaticServer = { origin: string; close: () => Promise<void> };

/** A tiny page server: one empty HTML page at /, so that the page's origin is this server's. */
async function servePage(): Promise<StaticServer> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html><head><link rel="icon" href="data:,"><title>app</title></head><body>app</body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type FetchOutcome = { ok: true; status: number; body: any; retryAfter: string | null } | { ok: false; name: string; message: string };

/** Runs fetch in the page: POST /graphql with a bearer token and JSON, as a browser app does. */
function fetchFromPage(page: Page, graphqlUrl: string, token: string): Promise<FetchOutcome> {
  return page.evaluate(
    async ({ url, token, query }) => {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ query }),
        });
        return { ok: true as const, status: res.status, body: await res.json(), retryAfter: res.headers.get('retry-after') };
      } catch (error) {
        return { ok: false as const, name: (error as Error).name, message: (error as Error).message };
      }
    },
    { url: graphqlUrl, token, query: QUERY },
  );
}

describe('CORS in a real browser', () => {
  let app: TestApp;
  let browser: Browser;
  let allowedSite: StaticServer;
  let otherSite: StaticServer;

  beforeAll(async () => {
    allowedSite = await servePage();
    otherSite = await servePage();
    app = await createTestApp({ cors: { origins: [allowedSite.origin], localhost: false } });
    await createCompany(app, { name: 'Wombat Download Ltd' });
    await app.settleSearch();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await allowedSite?.close();
    await otherSite?.close();
  });

  /** A fresh page (own cache, so no preflight is reused) opened on `origin`'s page. */
  async function pageOn(origin: string) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${origin}/`);
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).origin).toBe(origin);
    expect(origin).not.toBe(new URL(app.url).origin);
    return { context, page };
  }

  it('a page from an allowed origin calls /graphql with a bearer token and reads the answer', async () => {
    const { context, page } = await pageOn(allowedSite.origin);
    try {
      const outcome = await fetchFromPage(page, `${app.url}/graphql`, app.token);
      expect(outcome).toMatchObject({ ok: true, status: 200, body: { data: { viewer: { adviser: { email: 'admin@test.example' } } } } });
    } finally {
      await context.close();
    }
  });

  it('the same page reads a refusal (401) and its code', async () => {
    const { context, page } = await pageOn(allowedSite.origin);
    try {
      const outcome = await fetchFromPage(page, `${app.url}/graphql`, 'not-a-token');
      expect(outcome).toMatchObject({ ok: true, status: 401, body: { errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] } });
    } finally {
      await context.close();
    }
  });

  it('a page from an origin not listed is blocked by the browser: fetch rejects with a TypeError', async () => {
    const { context, page } = await pageOn(otherSite.origin);
    try {
      const refusedPreflight = page.waitForEvent('requestfailed', (request) => request.url() === `${app.url}/graphql`);
      const outcome = await fetchFromPage(page, `${app.url}/graphql`, app.token);
      expect(outcome).toMatchObject({ ok: false, name: 'TypeError' });
      expect((await refusedPreflight).failure()?.errorText).toMatch(/ERR_FAILED|CORS/i);
    } finally {
      await context.close();
    }
  });

  it("downloads a search's exportUrl as a plain link (no Authorization), the file named by Content-Disposition", async () => {
    const { context, page } = await pageOn(allowedSite.origin);
    try {
      // The app asks for the search with its token, as any browser app does, and gets the signed link.
      const exportUrl = await page.evaluate(
        async ({ url, token }) => {
          const res = await fetch(url, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ query: '{ searchCompanies(term: "wombat") { exportUrl } }' }),
          });
          return (await res.json()).data.searchCompanies.exportUrl as string;
        },
        { url: `${app.url}/graphql`, token: app.token },
      );
      expect(exportUrl).toMatch(/^\/export\/company\.csv\?q=.*&sig=/);
      // Then a plain link to it, clicked: a navigation, which sends no Authorization header.
      const download = page.waitForEvent('download');
      await page.evaluate((href) => {
        const link = document.createElement('a');
        link.href = href;
        link.textContent = 'Download CSV';
        document.body.append(link);
        link.click();
      }, `${app.url}${exportUrl}`);
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/^companies-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = fs.readFileSync((await file.path())!, 'utf8');
      expect(csv.trim().split('\r\n').slice(1).map((line) => line.split(',')[1])).toEqual(['Wombat Download Ltd']);
    } finally {
      await context.close();
    }
  });
});
