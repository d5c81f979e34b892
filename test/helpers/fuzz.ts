import fc from 'fast-check';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';

/**
 * A schema-driven generator of GraphQL requests for the fuzz test (test/e2e/fuzz.test.ts): it walks the
 * root fields of the schema, their arguments and input types, and writes operations with valid and invalid
 * arguments, wrong types, huge and empty values, deeply nested filters, real and tampered cursors, odd
 * Unicode, odd operation names and several operations per document. Every random choice is drawn from
 * fast-check's `gen`, so a request is reproducible from the run's seed and path, and shrinks.
 */

/** What the generator draws ids, cursors and words from: real rows of the fuzzed database. */
export type Pools = {
  /** Ids by kind ('company', 'contact', 'country', ...), in a stable order. */
  ids: Record<string, string[]>;
  /**
   * Real cursors, from several lists (`list`: the field that made them) and several orderings of each
   * (`ordering`: the orderBy argument that made them, as GraphQL text, or '' for the default order).
   */
  cursors: Array<{ list: string; ordering: string; cursor: string }>;
  /** Words that match something (names, towns), for search terms and filters. */
  words: string[];
  /** Scope names a partner client may be given. */
  scopes: string[];
  /** Valid values of some input types (by type name), which the generator sends as they are or with a few fields changed. */
  templates: Record<string, Record<string, unknown>>;
};

export type Caller = 'admin' | 'reader' | 'writer' | 'anonymous' | 'unknown-token';

export type FuzzRequest =
  | {
      kind: 'graphql';
      caller: Caller;
      query: string;
      variables?: unknown;
      /** Absent: not sent. */
      operationName?: unknown;
      /** The alias of the one mutation field in the document, when it has a mutation. */
      mutation?: string;
    }
  | {
      kind: 'raw';
      caller: Caller;
      method: 'GET' | 'POST';
      /** Query string, for GET. */
      search?: string;
      contentType?: string;
      headers?: Record<string, string>;
      body?: string;
      /** The body's characters are bytes (latin1), not text to send as UTF-8. */
      binary?: boolean;
      /** What the request is, for the report (the body itself may be a megabyte). */
      about: string;
    };

/** Unbiased: fast-check's integers favour their bounds, which would skew every pick and chance below. */
const uniformInt = (min: number, max: number) => fc.noBias(fc.integer({ min, max }));

/** Random choices drawn from fast-check's `gen`: integers shrink towards their minimum, so the first option of a pick is the "simplest". */
export class Draw {
  constructor(private readonly g: fc.GeneratorValue) {}

  int(min: number, max: number): number {
    return this.g(uniformInt, min, max);
  }

  /** True with this percent chance; shrinks to false. */
  chance(percent: number): boolean {
    return percent > 0 && this.int(0, 99) >= 100 - percent;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  /** One of weighted options; shrinks towards the first. */
  weighted<T>(options: ReadonlyArray<readonly [number, () => T]>): T {
    const total = options.reduce((sum, [w]) => sum + w, 0);
    let n = this.int(0, total - 1);
    for (const [w, make] of options) {
      if (n < w) return make();
      n -= w;
    }
    return options[0][1]();
  }

  binaryString(maxLength: number): string {
    return this.g(fc.string, { unit: 'binary', maxLength });
  }

  uuid(): string {
    return this.g(fc.uuid, {});
  }

  json(): unknown {
    return this.g(fc.jsonValue, { maxDepth: 3 });
  }
}

// --- values ------------------------------------------------------------------------------------------

const ODD_STRINGS = [
  'Fuzz',
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udc00y',
  '\udbff\udfff',
  '\u202eevil\u202c',
  'שלום עולם',
  'مرحبا بالعالم',
  '😀👍🏽👨‍👩‍👧‍👦🏳️‍🌈',
  'e\u0301\u0301\u0301',
  '\ufeffBOM',
  'zero\u200bwidth',
  '\t\n\r',
  '%',
  '_',
  '\\',
  "'; drop table company; --",
  '%%\\%_',
  '"quoted"',
  '${x}',
  '<script>alert(1)</script>',
  '0',
  '-1',
  'null',
  'true',
  '1e309',
  'Ünïcödé GmbH',
  '東京株式会社',
  '\uffff\ufffe',
  '\u{10ffff}',
];

const INVALID_UUIDS = [
  '',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '123',
  '{80756b9a-5d95-e211-a939-e4115bead28a}',
  '80756b9a5d95e211a939e4115bead28a',
  '80756B9A-5D95-E211-A939-E4115BEAD28A',
  '80756b9a-5d95-e211-a939-e4115bead28a\u0000',
  '80756b9a-5d95-e211-a939-e4115bead28ax',
  ' 80756b9a-5d95-e211-a939-e4115bead28a ',
];

const DATES = ['2026-01-15', '2020-02-29', '1900-01-01', '9999-12-31', '0001-01-01', '1970-01-01'];
const BAD_DATES = ['2026-02-30', '2026-13-01', '26-01-01', '2026-1-1', '+275760-09-13', '2026-01-15T00:00:00Z', '', 'yesterday', '0000-00-00', '2026-01-15\u0000'];
const DATETIMES = ['2026-01-15T10:00:00Z', '2026-01-15T10:00:00.123456+05:30', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2000-01-01T00:00:00-12:00'];
const BAD_DATETIMES = ['2026-01-15', 'yesterday', '2026-01-15T25:00:00Z', '+275760-09-13T00:00:00.000Z', '-000001-01-01T00:00:00Z', '', '2026-01-15T10:00:00+99:00', '1e12'];
const INTS = [1, 0, 2, 3, 5, 10, 20, 50, 99, 100, 101, 1000, -1, -100, 2147483647, -2147483648];
const BAD_INTS: unknown[] = [2147483648, -2147483649, 1.5, 1e20, '5', true, Number.MAX_SAFE_INTEGER];
const FLOATS = [0, 1.5, -1, 100000, 1e15, 1e308, -1e308, 5e-324, 0.1, -0];
const PAGE_SIZES = [1, 2, 3, 5, 0, 10, 20, 100, 101, -1, 1000, 2147483647];
const OPERATORS = new Set(['eq', 'ne', 'in', 'notIn', 'lt', 'lte', 'gt', 'gte', 'between', 'like', 'ilike', 'isNull']);

/** Which pool of ids a field or argument name draws from, most specific first. */
const ID_KINDS: Array<[RegExp, string]> = [
  [/token/i, 'apiToken'],
  [/client/i, 'apiClient'],
  [/servicedeliverystatus/i, 'serviceDeliveryStatus'],
  [/question|answer/i, 'service'],
  [/service/i, 'service'],
  [/contact/i, 'contact'],
  [/interaction/i, 'interaction'],
  [/adviser|accountmanager|accountowner|createdby|modifiedby|archivedby|participant/i, 'adviser'],
  [/team/i, 'team'],
  [/country|countries/i, 'country'],
  [/sector/i, 'sector'],
  [/businesstype/i, 'businessType'],
  [/ukregion/i, 'ukRegion'],
  [/area/i, 'administrativeArea'],
  [/employeerange/i, 'employeeRange'],
  [/turnoverrange/i, 'turnoverRange'],
  [/headquartertype/i, 'headquarterType'],
  [/onelisttier/i, 'oneListTier'],
  [/title/i, 'title'],
  [/communicationchannel/i, 'communicationChannel'],
  [/policyarea/i, 'policyArea'],
  [/policyissuetype/i, 'policyIssueType'],
  [/compan|headquarters|subsidiar/i, 'company'],
];

const idKind = (hint: string) => ID_KINDS.find(([re]) => re.test(hint))?.[1];

/**
 * Cursors for a page of `field`: a real one of this list made with another ordering (or the same one), a
 * real one of another list, a tampered one, or junk.
 */
function cursor(d: Draw, pools: Pools, field: string | undefined): string {
  const own = pools.cursors.filter((c) => c.list === field);
  const real = () => d.pick(own.length && d.chance(60) ? own : pools.cursors).cursor;
  return d.weighted<string>([
    [6, real],
    [4, () => tamper(d, real(), pools)],
    [1, () => d.pick(['', 'abc', '!!!', '====', 'W10', 'bnVsbA', 'e30', Buffer.from('[1]').toString('base64url')])],
    [1, () => Buffer.from(JSON.stringify([1, 'company', 'name:ASC,id:ASC', Array.from({ length: d.pick([3, 1000]) }, () => 'x')])).toString('base64url')],
    [1, () => oddString(d, pools)],
  ]);
}

const OTHER_VALUES: unknown[] = [null, 0, -1, 1.5, 1e308, true, '', 'x\u0000', '\ud800', 'x'.repeat(10_000), {}, [], [null], { a: 1 }, '2026-02-30', '9999-12-31T23:59:59.999999Z'];

/** A cursor whose JSON payload (or whose text) has been changed. */
export function tamper(d: Draw, real: string, pools: Pools): string {
  let payload: any;
  try {
    payload = JSON.parse(Buffer.from(real, 'base64url').toString('utf8'));
  } catch {
    payload = undefined;
  }
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const textual = (): string =>
    d.pick([
      real.slice(0, Math.floor(real.length / 2)),
      `${real}A`,
      `${real}==`,
      real.replace(/[A-Za-z]/, '!'),
      Buffer.from(real, 'base64url').toString('base64'),
      real.toUpperCase(),
      ` ${real} `,
      `${real}\u0000`,
      real.split('').reverse().join(''),
    ]);
  if (!payload || typeof payload !== 'object') return textual();
  return d.weighted<string>([
    [2, textual],
    [
      6,
      () => {
        const copy = structuredClone(payload);
        if (Array.isArray(copy)) {
          const i = d.int(0, copy.length);
          if (i === copy.length) copy.push(d.pick(OTHER_VALUES));
          else if (Array.isArray(copy[i]) && copy[i].length && d.chance(70)) {
            const j = d.int(0, copy[i].length - 1);
            copy[i][j] = d.weighted<unknown>([
              [3, () => d.pick(OTHER_VALUES)],
              [1, () => d.pick(pools.ids.company ?? ['x'])],
              [1, () => d.pick(pools.cursors).cursor],
              [1, () => oddString(d, pools)],
            ]);
          } else if (d.chance(20)) copy.splice(i, 1);
          else copy[i] = d.pick(OTHER_VALUES);
        } else {
          const keys = Object.keys(copy);
          const key = keys.length ? d.pick(keys) : 'x';
          copy[key] = d.pick(OTHER_VALUES);
        }
        return encode(copy);
      },
    ],
    [1, () => encode(Array.isArray(payload) ? payload.slice(0, d.int(0, payload.length)) : null)],
  ]);
}

/** A string from the odd ones, a random one (lone surrogates included), a long one, or a word that matches. */
export function oddString(d: Draw, pools: Pools, small = false): string {
  return d.weighted<string>([
    [4, () => d.pick(pools.words)],
    [6, () => d.pick(ODD_STRINGS)],
    [2, () => `${d.pick(pools.words)}\u0000${d.pick(pools.words)}`],
    [3, () => d.binaryString(12)],
    [small ? 0 : 1, () => d.pick(['x', 'é', '😀', '\u202e', 'a\u0000']).repeat(d.pick([256, 5_000, 100_000]))],
    [1, () => `${d.pick(pools.words)}${d.pick(ODD_STRINGS)}${d.pick(pools.words)}`],
  ]);
}

/** A string a form would send: a word that matches something, or a new name. */
const plainString = (d: Draw, pools: Pools) => (d.chance(50) ? d.pick(pools.words) : `Fuzz ${d.int(0, 99_999)}`);

function stringFor(d: Draw, hint: string, o: ValueOptions): string {
  const { pools } = o;
  const lower = hint.toLowerCase();
  if (lower === 'after' || lower === 'before') return o.plain && d.chance(50) ? d.pick(pools.cursors).cursor : cursor(d, pools, o.field);
  const kind = /ids?$/i.test(hint) ? idKind(hint) : undefined;
  if (kind && d.chance(o.plain ? 95 : 80)) return idFor(d, pools, kind, o.plain);
  if (lower.includes('email')) {
    if (o.plain) return `fuzz.${d.int(0, 99_999)}@example.com`;
    return d.pick(['ada@example.com', 'not-an-email', '', 'a@b', 'x\u0000@example.com', `${'a'.repeat(300)}@example.com`, 'ÿ@ü.example']);
  }
  if (lower === 'scopes') return d.chance(o.plain ? 95 : 80) ? d.pick(pools.scopes) : oddString(d, pools, o.small);
  if (lower === 'kinds') return d.pick(['interaction', 'service_delivery', 'INTERACTION', 'x']);
  if (lower === 'ipallowlist') return d.pick(['127.0.0.1', '10.0.0.0/8', '::1', '2001:db8::/32', '999.1.1.1', '1.2.3.4/33', '', 'localhost']);
  if (lower.includes('duns')) return o.plain ? String(d.int(100_000_000, 999_999_999)) : d.pick(['123456789', '12345678', 'abcdefghi', '000000000', '1234567890']);
  if (lower.includes('postcode')) return d.pick(['SW1A 1AA', 'sw1a1aa', 'XX', '', 'SW1A\u00001AA'].slice(0, o.plain ? 2 : 5));
  if (lower === 'website') return d.pick(['https://example.com', 'example.com', 'javascript:alert(1)', 'http://' + 'a'.repeat(3000)].slice(0, o.plain ? 2 : 4));
  return o.plain ? plainString(d, pools) : oddString(d, pools, o.small);
}

function idFor(d: Draw, pools: Pools, kind: string | undefined, plain = false): string {
  const own = kind ? pools.ids[kind] : undefined;
  const all = pools.ids.any;
  return d.weighted<string>([
    [own?.length ? (plain ? 40 : 8) : 0, () => d.pick(own!)],
    [2, () => d.pick(all)],
    [2, () => d.uuid()],
    [plain ? 0 : 1, () => d.pick(INVALID_UUIDS)],
  ]);
}

/** A value that is not of the expected type. */
function wrongValue(d: Draw, pools: Pools, small = false): unknown {
  return d.pick<() => unknown>([
    () => null,
    () => 42,
    () => 'x',
    () => true,
    () => ({ unexpected: 1 }),
    () => [1, 'two'],
    () => 1.5,
    () => oddString(d, pools, small),
    () => d.json(),
  ])();
}

/**
 * `chaos`: the percent chance, at each place, of a value of the wrong type. `small`: no long strings (inside a
 * long list, where each would be repeated hundreds of times). `plain`: what a well-behaved client sends
 * (words, ids of the right kind, valid dates), so that writes get past validation and reach the database.
 */
export type ValueOptions = { pools: Pools; chaos: number; depth: number; small?: boolean; plain?: boolean; /** The field whose argument this is. */ field?: string };

/**
 * A value of this input type (or, with `chaos` percent chance at each place, one of another type, null
 * for a non-null, a missing required field, an unknown field). `hint` is the field or argument name.
 */
export function valueFor(d: Draw, type: GraphQLInputType, hint: string, o: ValueOptions): unknown {
  if (d.chance(o.chaos)) return wrongValue(d, o.pools, o.small);
  if (isNonNullType(type)) return valueFor(d, type.ofType, hint, o);
  if (isListType(type)) {
    const length = d.weighted<number>([
      [8, () => d.int(o.plain ? 1 : 0, 3)],
      [o.plain ? 0 : 1, () => d.pick([0, 50, 1000])],
    ]);
    const items: unknown[] = [];
    const item = { ...o, small: o.small || length > 3 };
    for (let i = 0; i < length; i++) items.push(i > 3 ? items[i % 4] : valueFor(d, type.ofType as GraphQLInputType, hint, item));
    return items;
  }
  if (isEnumType(type)) {
    const values = type.getValues().map((v) => v.name);
    return o.plain || d.chance(90) ? d.pick(values) : d.pick([values[0].toLowerCase(), 'NOT_A_VALUE', '', 7]);
  }
  if (isInputObjectType(type)) {
    if (type.getFields().and && !o.plain && !o.small && d.chance(o.depth >= 2 ? 12 : 2)) return deepFilter(d, type);
    const fields = Object.values(type.getFields());
    const template = o.pools.templates[type.name];
    if (template && d.chance(o.plain ? 70 : 25)) {
      // A valid value with up to two fields changed: the writes get past the rules, or fail on exactly one.
      const out = structuredClone(template);
      for (let i = d.int(0, 2); i > 0; i--) {
        const f = d.pick(fields);
        if (d.chance(15)) delete out[f.name];
        else out[f.name] = valueFor(d, f.type, f.name, { ...o, depth: o.depth - 1 });
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      const required = isNonNullType(f.type) && f.defaultValue === undefined;
      const recursive = getNamedType(f.type) === type;
      if (recursive && o.depth <= 0) continue;
      const include = required ? !d.chance(o.chaos) : d.chance(recursive ? 12 : o.plain ? 50 : fields.length > 8 ? 15 : 35);
      if (!include) continue;
      const next = f.name === 'id' ? type.name : OPERATORS.has(f.name) ? hint : f.name;
      out[f.name] = valueFor(d, f.type, next, { ...o, depth: o.depth - 1 });
    }
    if (d.chance(o.chaos)) out[d.pick(['colour', 'and', '__proto__', 'x\u0000'])] = wrongValue(d, o.pools, o.small);
    return out;
  }
  switch (type.name) {
    case 'UUID':
      return idFor(d, o.pools, idKind(hint), o.plain);
    case 'String':
    case 'ID':
      return stringFor(d, hint, o);
    case 'Int':
      if (/^(first|last)$/.test(hint)) return d.pick(PAGE_SIZES.slice(0, o.plain ? 7 : undefined));
      return o.plain ? d.int(0, 1000) : d.chance(90) ? d.pick(INTS) : d.pick(BAD_INTS);
    case 'Float':
      return o.plain ? d.int(0, 1_000_000) : d.chance(90) ? d.pick(FLOATS) : d.pick(['1.5', true, 1e400 as number]);
    case 'Boolean':
      return d.pick([false, true]);
    case 'LocalDate':
      return o.plain || d.chance(80) ? d.pick(DATES) : d.pick(BAD_DATES);
    case 'DateTime':
      return o.plain || d.chance(80) ? d.pick(DATETIMES) : d.pick(BAD_DATETIMES);
    case 'JSON':
      return d.weighted<unknown>([
        [2, () => ({})],
        [2, () => d.json()],
        [1, () => ({ [idFor(d, o.pools, 'service')]: { [d.uuid()]: {} } })],
        [o.small ? 0 : 1, () => new Deep(d.pick([100, 5_000]), 'and', {})],
      ]);
    default:
      return o.plain ? plainString(d, o.pools) : oddString(d, o.pools, o.small);
  }
}

/**
 * A filter `{ and: [{ or: [{ not: ... }] }] }` many levels deep around a simple condition. Kept as a
 * description and written out as text (`toJson`, `literal`): JSON.stringify and a recursive printer would
 * overflow the test's own stack long before the gateway is tested.
 */
export class Deep {
  constructor(
    readonly levels: number,
    readonly wrapper: 'and' | 'or' | 'not' | 'mixed',
    readonly leaf: unknown,
  ) {}

  private keyAt(i: number): 'and' | 'or' | 'not' {
    return this.wrapper === 'mixed' ? (['and', 'or', 'not'] as const)[i % 3] : this.wrapper;
  }

  /** The value as text, given how to open a key (`"and":` or `and:`) and write the leaf. */
  write(key: (name: string) => string, leaf: string): string {
    const open: string[] = [];
    const close: string[] = [];
    for (let i = 0; i < this.levels; i++) {
      const k = this.keyAt(i);
      open.push(k === 'not' ? `{${key(k)}` : `{${key(k)}[`);
      close.push(k === 'not' ? '}' : ']}');
    }
    return `${open.join('')}${leaf}${close.reverse().join('')}`;
  }

  toString(): string {
    return `${this.write((k) => `${k}: `, JSON.stringify(this.leaf)).slice(0, 80)}… (${this.levels} levels of ${this.wrapper})`;
  }
}

function deepFilter(d: Draw, type: GraphQLNamedType & { getFields: () => Record<string, unknown> }): Deep {
  const levels = d.pick([5, 50, 200, 1_000, 3_000, 10_000]);
  return new Deep(levels, d.pick(['and', 'or', 'not', 'mixed'] as const), type.getFields().id ? { id: { isNull: false } } : {});
}

/** JSON text of a value that may hold `Deep` filters. */
export function toJson(value: unknown): string {
  if (value instanceof Deep) return value.write((k) => `"${k}":`, toJson(value.leaf));
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : toJson(v))).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

// --- GraphQL text --------------------------------------------------------------------------------

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** A JS value as a GraphQL literal of this type (enums bare). */
export function literal(value: unknown, type: GraphQLInputType | undefined): string {
  const nullable = type ? getNullableType(type) : undefined;
  if (value === null || value === undefined) return 'null';
  if (value instanceof Deep) return value.write((k) => `${k}: `, literal(value.leaf, type));
  if (Array.isArray(value)) {
    const item = nullable && isListType(nullable) ? (nullable.ofType as GraphQLInputType) : nullable;
    return `[${value.map((v) => literal(v, item)).join(', ')}]`;
  }
  if (typeof value === 'object') {
    const fields = nullable && isInputObjectType(nullable) ? nullable.getFields() : {};
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v], i) => `${NAME.test(k) ? k : `_k${i}`}: ${literal(v, fields[k]?.type)}`)
      .join(', ')}}`;
  }
  if (typeof value === 'string') {
    if (nullable && isEnumType(nullable) && NAME.test(value) && !['true', 'false', 'null'].includes(value)) return value;
    return JSON.stringify(value);
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  return String(value);
}

/** How deeply a value nests (without recursion: a generated filter can be ten thousand levels deep). */
function nesting(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    max = Math.max(max, depth + (v instanceof Deep ? v.levels : 0));
    if (v && typeof v === 'object') for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return max;
}

type Operation = { text: string; variables: Record<string, unknown>; mutation?: string };

type OpContext = { d: Draw; pools: Pools; chaos: number; plain: boolean; varDefs: string[]; variables: Record<string, unknown>; counter: { n: number } };

function argumentsText(ctx: OpContext, field: GraphQLField<unknown, unknown>, owner: string): string {
  const { d } = ctx;
  const parts: string[] = [];
  // The next page the way a client asks for it: a cursor of this list with the orderBy it was made with.
  const pages = field.args.some((a) => a.name === 'orderBy') ? ctx.pools.cursors.filter((c) => c.list === owner) : [];
  const page = pages.length && d.chance(12) ? d.pick(pages) : undefined;
  if (page) parts.push(`${d.pick(['after', 'before'])}: ${JSON.stringify(page.cursor)}`, ...(page.ordering ? [page.ordering] : []));
  for (const arg of field.args as GraphQLArgument[]) {
    if (page && ['after', 'before', 'orderBy'].includes(arg.name)) continue;
    const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
    const include = required ? !d.chance(ctx.chaos / 2) : d.chance(arg.name === 'first' || arg.name === 'term' || arg.name === 'after' ? 50 : 30);
    if (!include) continue;
    // An `id` argument is of the field's entity (updateCompanyExportCountries: a company, not a country).
    const hint = arg.name === 'id' ? owner.replace(/ExportCountries$/, '') : arg.name;
    const value = valueFor(d, arg.type, hint, { pools: ctx.pools, chaos: ctx.chaos, depth: 2, plain: ctx.plain, field: owner });
    if (d.chance(70) || nesting(value) > 200) {
      const name = `v${++ctx.counter.n}`;
      const declared = d.chance(ctx.chaos) ? d.pick(['String', 'Int!', '[UUID!]!', 'Boolean', 'CompanyFilter', String(getNamedType(arg.type))]) : String(arg.type);
      ctx.varDefs.push(`$${name}: ${declared}`);
      if (!d.chance(ctx.chaos / 3)) ctx.variables[name] = value;
      parts.push(`${arg.name}: $${name}`);
    } else {
      parts.push(`${arg.name}: ${literal(value, arg.type)}`);
    }
  }
  if (d.chance(ctx.chaos / 2)) parts.push(d.pick(['colour: 1', 'first: $undeclared', `id: "${d.uuid()}"`]));
  return parts.length ? `(${parts.join(', ')})` : '';
}

/** A small selection: a few scalar fields, sometimes one nested object or connection. */
function selectionText(ctx: OpContext, type: GraphQLOutputType, depth: number): string {
  const { d } = ctx;
  const named = getNamedType(type);
  if (isLeafType(named)) return d.chance(ctx.chaos / 2) ? ' { id }' : '';
  if (isUnionType(named)) {
    const members = named.getTypes();
    const chosen = [...new Set([d.pick(members), d.pick(members)])];
    return ` { __typename ${chosen.map((m) => `... on ${m.name}${selectionText(ctx, m, depth)}`).join(' ')} }`;
  }
  if (!isObjectType(named)) return ' { __typename }';
  const fields = Object.values((named as GraphQLObjectType).getFields());
  const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)) && !f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined));
  const objects = fields.filter((f) => !isLeafType(getNamedType(f.type)));
  const parts = new Set<string>();
  const count = leaves.length ? d.int(1, Math.min(3, leaves.length)) : 0;
  for (let i = 0; i < count; i++) parts.add(d.pick(leaves).name);
  const edges = objects.find((f) => f.name === 'edges');
  if (edges && d.chance(70)) {
    const node = (getNamedType(edges.type) as GraphQLObjectType).getFields().node.type;
    parts.add(`edges {${d.chance(50) ? ' cursor' : ''} node${selectionText(ctx, node, depth - 1)} }`);
  }
  else if (objects.length && depth > 0 && d.chance(45)) {
    const f = d.pick(objects);
    parts.add(`${d.chance(10) ? 'nested: ' : ''}${f.name}${argumentsText(ctx, f, f.name)}${selectionText(ctx, f.type, depth - 1)}`);
  }
  if (d.chance(ctx.chaos / 2)) parts.add(d.pick(['colour', '__schema { types { name } }', 'edges', '... on Query { __typename }']));
  if (d.chance(3)) {
    const alias = leaves.length ? d.pick(leaves).name : '__typename';
    const copies = d.pick([5, 40]);
    for (let i = 0; i < copies; i++) parts.add(`a${i}: ${alias}`);
  }
  if (!parts.size) parts.add('__typename');
  return ` { ${[...parts].join(' ')} }`;
}

function operation(ctx: OpContext, schema: GraphQLSchema, kind: 'query' | 'mutation'): Operation {
  const { d } = ctx;
  const root = (kind === 'query' ? schema.getQueryType() : schema.getMutationType())!;
  const fields = Object.values(root.getFields());
  // Fields with arguments are where inputs go: they come up more often.
  const weighted = fields.flatMap((f) => (f.args.length > 1 ? [f, f, f] : f.args.length ? [f, f] : [f]));
  const count = kind === 'mutation' ? 1 : d.weighted<number>([
    [6, () => 1],
    [3, () => 2],
    [1, () => 3],
  ]);
  const selections: string[] = [];
  let mutation: string | undefined;
  for (let i = 0; i < count; i++) {
    const field = d.pick(weighted);
    const alias = `f${i}`;
    if (kind === 'mutation') mutation = alias;
    selections.push(`${alias}: ${field.name}${argumentsText(ctx, field, field.name)}${selectionText(ctx, field.type, d.pick([1, 2, 3]))}`);
  }
  if (kind === 'query' && d.chance(4)) {
    selections.push(d.pick(['__schema { queryType { name } }', `__type(name: ${literal(d.pick(['Company', 'Nope', '', 'x\u0000']), undefined)}) { name kind }`, '__typename']));
  }
  return { text: selections.join(' '), variables: ctx.variables, mutation };
}

const OPERATION_NAMES: unknown[] = ['', 'Nope', 'x\u0000', '\ud800', '😀', 'a'.repeat(5_000), 'Op ', 'op', null, 42, { name: 'A' }];

/** One request: mostly a GraphQL operation (or several), sometimes a malformed or oversized HTTP body. */
export function fuzzRequest(d: Draw, schema: GraphQLSchema, pools: Pools): FuzzRequest {
  const caller = d.weighted<Caller>([
    [12, () => 'admin'],
    [4, () => 'reader'],
    [4, () => 'writer'],
    [1, () => d.pick<Caller>(['anonymous', 'unknown-token'])],
  ]);
  const shape = d.weighted<string>([
    [80, () => 'single'],
    [10, () => 'several'],
    [3, () => 'subscription'],
    [4, () => 'raw'],
    [1, () => 'oversized'],
  ]);
  if (shape === 'raw') return rawRequest(d, caller);
  if (shape === 'oversized') {
    const size = d.pick([1_000_001, 1_100_000, 3_000_000]);
    return {
      kind: 'raw',
      caller,
      method: 'POST',
      contentType: 'application/json',
      body: JSON.stringify({ query: 'query($s: String) { __typename }', variables: { s: 'x'.repeat(size) } }),
      about: `a JSON body of ${size + 60} bytes (over the 1,000,000 byte limit)`,
    };
  }
  if (shape === 'subscription') {
    return { kind: 'graphql', caller, query: d.pick(['subscription { __typename }', 'subscription S { companies { totalCount } }', 'subscription {}', 'subscription']), operationName: d.chance(50) ? 'S' : undefined };
  }
  const plain = d.chance(30);
  const chaos = plain ? 0 : d.pick([0, 0, 1, 3, 10]);
  const ctx: OpContext = { d, pools, chaos, plain, varDefs: [], variables: {}, counter: { n: 0 } };
  const kind = d.chance(35) ? 'mutation' : 'query';
  const op = operation(ctx, schema, kind);
  const header = (name: string) => `${kind}${name ? ` ${name}` : ''}${ctx.varDefs.length ? `(${ctx.varDefs.join(', ')})` : ''}`;
  let variables: unknown = op.variables;
  if (d.chance(chaos / 3)) variables = d.pick<unknown>(['not an object', [1, 2], 42, null, { ...op.variables, extra: 'x' }]);
  if (shape === 'single') {
    const anonymous = d.chance(70);
    const name = anonymous ? '' : 'Op';
    const query = `${header(name)} { ${op.text} }`;
    const operationName = d.weighted<unknown>([
      [7, () => undefined],
      [2, () => (anonymous ? null : 'Op')],
      [plain ? 0 : 1, () => d.pick(OPERATION_NAMES)],
    ]);
    return { kind: 'graphql', caller, query, variables, operationName, mutation: op.mutation };
  }
  // Several operations in one document: a named pair, or one anonymous among named ones.
  const other = d.pick(['query Other { __typename }', 'query Other { viewer { __typename } }', '{ __typename }', 'mutation Other { __typename }', 'query Op { __typename }']);
  const query = `${header('Op')} { ${op.text} } ${other}`;
  const operationName = d.pick<unknown>([undefined, 'Op', 'Other', 'Missing', null, '', 5]);
  // Only when 'Op' runs can its mutation have written anything; the checksum check covers every case.
  return { kind: 'graphql', caller, query, variables, operationName, mutation: op.mutation };
}

function rawRequest(d: Draw, caller: Caller): FuzzRequest {
  return d.pick<() => FuzzRequest>([
    () => ({ kind: 'raw', caller, method: 'POST', contentType: 'application/json', body: '{ not json', about: 'a body that is not JSON' }),
    () => ({ kind: 'raw', caller, method: 'POST', contentType: 'application/json', body: '[{"query":"{ __typename }"},{"query":"{ __typename }"}]', about: 'a batch' }),
    () => ({ kind: 'raw', caller, method: 'POST', contentType: 'application/json', body: d.pick(['"x"', '42', 'null', '{}', '{"query":42}', '{"query":null}', '{"query":"{ __typename }","variables":"x"}', '{"query":"{ __typename }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc"}}}']), about: 'a JSON body of the wrong shape' }),
    () => ({ kind: 'raw', caller, method: 'POST', contentType: 'text/plain', body: '{"query":"{ __typename }"}', about: 'a text/plain body' }),
    () => ({ kind: 'raw', caller, method: 'GET', search: `?query=${encodeURIComponent('{ __typename }')}`, about: 'a GET without a preflight header' }),
    () => ({
      kind: 'raw',
      caller,
      method: 'GET',
      headers: { 'apollo-require-preflight': 'true' },
      search: `?query=${encodeURIComponent('query($n: Int) { companies(first: $n) { totalCount } }')}&variables=${encodeURIComponent(d.pick(['{"n":1}', '{"n":"x"}', 'not json', '[]']))}`,
      about: 'a GET with a preflight header',
    }),
    () => ({ kind: 'raw', caller, method: 'GET', search: `?query=${encodeURIComponent('mutation { archiveCompany(id: "00000000-0000-4000-8000-000000000000", reason: "x") { id } }')}`, about: 'a mutation over GET' }),
    () => ({ kind: 'raw', caller, method: 'POST', contentType: 'application/json', body: `{"query":"${'{ a'.repeat(d.pick([50, 5_000]))}"}`, about: 'an unbalanced, deeply nested query' }),
    () => ({ kind: 'raw', caller, method: 'POST', contentType: 'application/json', body: Buffer.from([0x7b, 0x22, 0x71, 0xff, 0xfe, 0x00, 0xc3]).toString('latin1'), binary: true, about: 'bytes that are not UTF-8' }),
  ])();
}

/** A request as text for a failure report, long strings cut. */
export function describeRequest(request: FuzzRequest): string {
  const cut = (value: unknown) =>
    JSON.stringify(
      value,
      (_k, v) => (v instanceof Deep ? v.toString() : typeof v === 'string' && v.length > 600 ? `${v.slice(0, 300)}…(${v.length} chars)…${v.slice(-300)}` : v),
      2,
    )?.slice(0, 6_000);
  if (request.kind === 'raw') return `${request.method} /graphql${request.search ?? ''} as ${request.caller}: ${request.about}\n${cut(request.body?.slice(0, 500))}`;
  return [`as ${request.caller}`, `query: ${cut(request.query)}`, `variables: ${cut(request.variables)}`, `operationName: ${cut(request.operationName)}`].join('\n');
}
