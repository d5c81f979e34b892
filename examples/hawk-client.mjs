#!/usr/bin/env node
// A Hawk (hawk.1, https://github.com/mozilla/hawk) client for the GraphQL gateway, with no dependencies:
// copy it, or port it to your language. It signs a POST with HMAC-SHA256 and checks the server's signed answer.
//
//   HAWK_ID=... HAWK_KEY=... node examples/hawk-client.mjs '{ metadataCountries { name } }'
//
// Environment: HAWK_ID and HAWK_KEY (your credentials), GRAPHQL_URL (default http://127.0.0.1:4000/graphql).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const id = process.env.HAWK_ID;
const key = process.env.HAWK_KEY;
const url = new URL(process.env.GRAPHQL_URL || 'http://127.0.0.1:4000/graphql');
const query = process.argv[2] || '{ __typename }';
if (!id || !key) fail('Set HAWK_ID and HAWK_KEY.');

function fail(message) {
  console.error(message);
  process.exit(1);
}

// Payload hash: base64 SHA-256 of "hawk.1.payload\n<content type>\n<payload>\n", where the content type is
// the media type only, lowercased, without parameters such as "; charset=utf-8".
function payloadHash(contentType, payload) {
  const mediaType = (contentType || '').split(';')[0].trim().toLowerCase();
  return createHash('sha256').update(`hawk.1.payload\n${mediaType}\n${payload}\n`).digest('base64');
}

// MAC: base64 HMAC-SHA256 with the key, over the normalized string: one field per line, every line ending
// with "\n", an empty line for no hash and for no ext (this client sends no ext):
//   hawk.1.<type>\n<ts>\n<nonce>\n<METHOD>\n<path?query>\n<host lowercase>\n<port>\n<hash>\n<ext>\n
// <type> is "header" for the request and "response" for the server's answer.
function mac(type, a) {
  const normalized =
    `hawk.1.${type}\n` +
    `${a.ts}\n` +
    `${a.nonce}\n` +
    `${a.method.toUpperCase()}\n` +
    `${a.resource}\n` +
    `${a.host.toLowerCase()}\n` +
    `${a.port}\n` +
    `${a.hash}\n` +
    `\n`; // ext: none
  return createHmac('sha256', key).update(normalized).digest('base64');
}

const body = JSON.stringify({ query });
const contentType = 'application/json';
const artifacts = {
  ts: Math.floor(Date.now() / 1000), // whole seconds; the server accepts ±60 s of its own clock
  nonce: randomBytes(9).toString('base64url'), // never reuse one: the server refuses replays
  method: 'POST',
  resource: url.pathname + url.search, // exactly what goes in the request line
  host: url.hostname,
  port: url.port || (url.protocol === 'https:' ? 443 : 80),
  hash: payloadHash(contentType, body),
};
const authorization =
  `Hawk id="${id}", ts="${artifacts.ts}", nonce="${artifacts.nonce}", ` +
  `hash="${artifacts.hash}", mac="${mac('header', artifacts)}"`;

const response = await fetch(url, {
  method: 'POST',
  headers: { authorization, 'content-type': contentType, accept: 'application/json' },
  body,
}).catch((error) => fail(`Cannot reach ${url}: ${error.cause?.message ?? error.message}`));
const text = await response.text();

// The server signs its answer with the same key, over the same request fields and the hash of the response
// body: only then do we know the answer came from the server and was not altered.
const serverAuthorization = response.headers.get('server-authorization');
if (!serverAuthorization) {
  fail(`HTTP ${response.status} without a Server-Authorization header; not trusting the response:\n${text}`);
}
const received = /(?:^hawk\s+|,\s*)mac="([^"]*)"/i.exec(serverAuthorization)?.[1] ?? '';
// Our own hash of the body we got goes into the expected MAC, so a match covers the body as well.
const expected = mac('response', { ...artifacts, hash: payloadHash(response.headers.get('content-type'), text) });
const [a, b] = [Buffer.from(expected), Buffer.from(received)];
if (a.length !== b.length || !timingSafeEqual(a, b)) {
  fail('The Server-Authorization header does not match the response: not trusting it.');
}

let pretty = text;
try {
  pretty = JSON.stringify(JSON.parse(text), null, 2);
} catch {
  // Not JSON: print it as it came.
}
console.log(pretty);
if (!response.ok) process.exitCode = 1; // signed, but an error (e.g. 400 for an invalid query)
