/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { GRAPHIQL_DEFAULT_QUERY } from '../../src/graphiql/graphiql.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium } from '../helpers/browser.js';

// Real headless Chromium (Debian's `chromium` package) driving the GraphiQL page at /graphiql against the
// real gateway. Run with `vitest run --config vitest.browser.config.ts`; a plain `vitest run` skips it.
const SCREENSHOT = '/tmp/graphiql.png';
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The text of the CodeMirror 5 editor inside `selector` (GraphiQL 3's editors are CodeMirror 5). */
function editorValue(page: Page, selector: string): Promise<string> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel) as (Element & { CodeMirror?: { getValue(): string } }) | null;
    if (!el?.CodeMirror) throw new Error(`no CodeMirror editor at ${sel}`);
    return el.CodeMirror.getValue();
  }, selector);
}

const QUERY_EDITOR = '.graphiql-query-editor .CodeMirror';
const HEADERS_EDITOR = '.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror';
const RESPONSE = '.graphiql-response .CodeMirror';
const QUERY = '{ viewer { adviser { email } } }';

describe('GraphiQL in a real browser', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await createTestApp();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A fresh page (own storage) that records every request, console error and uncaught exception. */
  async function openPage() {
    const context = await browser.newContext({ viewport: { width: 1400, height: 850 } });
    const page = await context.newPage();
    const requests: { url: string; method: string; authorization?: string }[] = [];
    const errors: string[] = [];
    page.on('request', (request) =>
      requests.push({ url: request.url(), method: request.method(), authorization: request.headers()['authorization'] }),
    );
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    // CSP violations also reach the console as errors; this makes them explicit.
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    return { context, page, requests, errors };
  }

  it('takes the token from ?token=, hides it, and runs a query through /graphql with it', async () => {
    const { context, page, requests, errors } = await openPage();
    try {
      const response = await page.goto(`${app.url}/graphiql?token=${encodeURIComponent(app.token)}`);
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
      await page.locator('.graphiql-execute-button').waitFor();

      // The address bar (and so history and bookmarks) no longer carries the token.
      expect(page.url()).toBe(`${app.url}/graphiql`);
      expect(await page.evaluate(() => window.location.href)).not.toContain(app.token);

      // The headers editor is open and pre-filled with the bearer token; no "how to get a token" hint.
      expect(JSON.parse(await editorValue(page, HEADERS_EDITOR))).toEqual({ Authorization: `Bearer ${app.token}` });
      expect(await page.locator('#graphiql-hint').isVisible()).toBe(false);

      // Type a query of our own over the default one, then press the run button.
      await page.locator(QUERY_EDITOR).click();
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.insertText(QUERY);
      expect(await editorValue(page, QUERY_EDITOR)).toBe(QUERY);
      const graphqlResponse = page.waitForResponse(
        (r) => r.url() === `${app.url}/graphql` && (r.request().postData() ?? '').includes('adviser { email }'),
      );
      await page.locator('.graphiql-execute-button').click();
      expect((await graphqlResponse).status()).toBe(200);

      // The result pane shows the viewer: a real round trip with the Authorization header.
      await expect.poll(() => editorValue(page, RESPONSE), { timeout: 10_000 }).toContain('admin@test.example');
      expect(JSON.parse(await editorValue(page, RESPONSE)).data).toEqual({ viewer: { adviser: { email: 'admin@test.example' } } });
      await expect.poll(() => page.locator('.graphiql-response').innerText()).toContain('admin@test.example');

      const graphqlCalls = requests.filter((r) => r.url === `${app.url}/graphql`);
      expect(graphqlCalls.length).toBeGreaterThanOrEqual(2); // the schema introspection and our query
      for (const call of graphqlCalls) {
        expect(call.method).toBe('POST');
        expect(call.authorization).toBe(`Bearer ${app.token}`);
      }

      await page.screenshot({ path: SCREENSHOT });

      // Everything came from this server: no CDN, no other host.
      const offHost = requests.filter((r) => {
        const u = new URL(r.url);
        return u.protocol !== 'data:' && !LOCAL_HOSTS.has(u.hostname);
      });
      expect(offHost).toEqual([]);
      expect(requests.map((r) => new URL(r.url).pathname).filter((p) => p.startsWith('/graphiql/assets/')).sort()).toEqual([
        '/graphiql/assets/boot.js',
        '/graphiql/assets/graphiql.min.css',
        '/graphiql/assets/graphiql.min.js',
        '/graphiql/assets/page.css',
        '/graphiql/assets/react-dom.production.min.js',
        '/graphiql/assets/react.production.min.js',
      ]);

      // Opening a dialog makes GraphiQL add a <style> element: the CSP nonce must cover it.
      await page.getByRole('button', { name: 'Open settings dialog' }).click();
      await page.getByRole('dialog').waitFor();
      await page.keyboard.press('Escape');

      expect(errors).toEqual([]);
      // Headers are not persisted by default: not in the tabs, and not in the history either (where GraphiQL 3
      // would put them whatever the setting), though the query itself is in the history.
      const stored: Record<string, string> = await page.evaluate(() => ({ ...window.localStorage }));
      expect(JSON.stringify(stored)).not.toContain(app.token);
      expect(JSON.parse(stored['graphiql:queries']!).queries.map((q: { query: string }) => q.query)).toContain(QUERY);
    } finally {
      await context.close();
    }
  });

  it('without a token, pre-fills a placeholder header and shows how to get a token', async () => {
    const { context, page, requests } = await openPage();
    try {
      await page.goto(`${app.url}/graphiql`);
      await page.locator('.graphiql-execute-button').waitFor();
      expect(JSON.parse(await editorValue(page, HEADERS_EDITOR))).toEqual({ Authorization: 'Bearer <paste a token here>' });
      const hint = page.locator('#graphiql-hint');
      expect(await hint.isVisible()).toBe(true);
      expect(await hint.innerText()).toContain('npm run cli -- token:create --adviser EMAIL');
      await page.locator('#graphiql-hint-close').click();
      expect(await hint.isVisible()).toBe(false);
      // The default query is there to run once a token is pasted in.
      expect(await editorValue(page, QUERY_EDITOR)).toBe(GRAPHIQL_DEFAULT_QUERY);
      expect(requests.filter((r) => !LOCAL_HOSTS.has(new URL(r.url).hostname))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('starts the editor with a query that is valid against the schema', async () => {
    const { status, body } = await app.gql(GRAPHIQL_DEFAULT_QUERY);
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    expect(body.data.viewer.adviser.email).toBe('admin@test.example');
  });

  it('serves only allowlisted assets, with content types, long caching and ETags', async () => {
    const page = await fetch(`${app.url}/graphiql`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('<link rel="icon" href="data:,">');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script>|<style>/); // nothing inline

    const src = /src="(\/graphiql\/assets\/graphiql\.min\.js\?v=[^"]+)"/.exec(html)?.[1];
    expect(src).toBeDefined();
    const js = await fetch(`${app.url}${src}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const etag = js.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await js.text()).length).toBeGreaterThan(100_000);
    const again = await fetch(`${app.url}${src}`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);

    const css = await fetch(`${app.url}/graphiql/assets/graphiql.min.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('etag')).toBeTruthy();

    for (const path of ['/graphiql/assets/package.json', '/graphiql/assets/..%2Fpackage.json', '/graphiql/assets/%2e%2e/%2e%2e/package.json', '/graphiql/nope']) {
      expect((await fetch(`${app.url}${path}`)).status, path).toBe(404);
    }
    expect((await fetch(`${app.url}/graphiql`, { method: 'POST' })).status).toBe(405);
  });
});
