/**
 * The worst requests we know of, against a running gateway: each is sent alone, three times, and its time to
 * answer (the median, on loopback: server time) is printed with its size, as server time per request byte.
 * Issue 11 asks for the worst cost per byte still to be found; this is how the figure in its note was taken.
 *
 *   npm run bench:hostile -- --url http://127.0.0.1:4000 --token <bearer token>
 *
 * The shapes are bounded by the limits a caller has (aliases, cost, filter caps, document limits), so run it
 * with an adviser's token (the larger limits) and with a partner client's.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { url: { type: 'string', default: 'http://127.0.0.1:4000' }, token: { type: 'string' }, aliases: { type: 'string', default: '10' }, searches: { type: 'string', default: '4' } },
});
if (!values.token) throw new Error('Give --token (a bearer token: the demo token is printed by npm start).');
const aliases = Number(values.aliases);
const searches = Number(values.searches);

const repeat = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(' ');
/** A like pattern at the filter caps: 256 characters of alternating literal and `_`, four of them (1,024 in all). */
const pattern = (last: string) => `%${'a_'.repeat(127)}${last}`;
/** The filter at the caps, sent once as a variable and used by every alias: the cheapest body for the most work. */
const capsFilter = (field: string) => ({ or: ['b', 'c', 'd', 'e'].map((l) => ({ [field]: { ilike: pattern(l) } })) });
let seed = 20261204;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
const term = () => Array.from({ length: 200 }, () => 'abcdefghijklmnopqrstuvwxyz '[Math.floor(random() * 27)]).join('').trim();

type Shape = [name: string, body: { query: string; variables?: Record<string, unknown> }];
const SHAPES: Shape[] = [
  ['100 copies of countries { id } (field merging)', { query: `{ ${repeat(100, () => 'countries { id }')} }` }],
  [
    `${aliases} aliased company lists, one filter at the caps`,
    { query: `query($f: CompanyFilter) { ${repeat(aliases, (i) => `a${i}: companies(first: 1, filter: $f) { totalCount }`)} }`, variables: { f: capsFilter('name') } },
  ],
  [
    `${aliases} aliased contact lists, one filter at the caps`,
    { query: `query($f: ContactFilter) { ${repeat(aliases, (i) => `a${i}: contacts(first: 1, filter: $f) { totalCount }`)} }`, variables: { f: capsFilter('lastName') } },
  ],
  [`${searches} aliased searches, 200-character random terms`, { query: `{ ${repeat(searches, (i) => `a${i}: search(term: "${term()}") { totalCount }`)} }` }],
  ['companies, their contacts and interactions, 10 each', { query: '{ companies(first: 10) { edges { node { name contacts(first: 10) { edges { node { name interactions(first: 10) { edges { node { subject } } } } } } } } } }' }],
];

async function send(payload: string): Promise<{ status: number; code: string; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${values.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${values.token}` },
    body: payload,
  });
  const body = (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
  return { status: res.status, code: body.errors?.[0]?.extensions?.code ?? 'ok', ms: performance.now() - started };
}

console.log('| request | bytes | status | answer | ms (median of 3) | µs per byte |');
console.log('| --- | --: | --: | --- | --: | --: |');
let worst = { name: '', perByte: 0 };
for (const [name, body] of SHAPES) {
  const payload = JSON.stringify(body);
  const bytes = Buffer.byteLength(payload);
  const runs = [await send(payload), await send(payload), await send(payload)].sort((a, b) => a.ms - b.ms);
  const { status, code, ms } = runs[1];
  const perByte = (ms * 1000) / bytes;
  if (perByte > worst.perByte) worst = { name, perByte };
  console.log(`| ${name} | ${bytes.toLocaleString('en-GB')} | ${status} | ${code} | ${ms.toFixed(1)} | ${perByte.toFixed(2)} |`);
}
console.log(`\nworst: ${worst.name}, ${worst.perByte.toFixed(2)} µs of server time per request byte`);
