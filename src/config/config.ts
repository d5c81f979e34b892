import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_EMAIL_RETENTION_DAYS, MAX_EMAIL_RETENTION_DAYS, MIN_EMAIL_RETENTION_DAYS } from '../email/retention.js';

/** A PUBLIC_HOSTS entry: a host name or IPv4 address, or a bracketed IPv6 address, with an optional port. */
const HOST_ENTRY = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/;
const isHostEntry = (entry: string) => {
  const match = HOST_ENTRY.exec(entry);
  return !!match && (match[2] === undefined || (Number(match[2]) >= 1 && Number(match[2]) <= 65535));
};

/** A CORS_ORIGINS entry is an origin exactly as a browser sends it: http(s)://host[:port], nothing after. */
const isOrigin = (entry: string) => {
  try {
    const url = new URL(entry);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === entry;
  } catch {
    return false;
  }
};

/** Unset: undefined (the default applies); set, even empty: exactly the origins listed. */
const corsOrigins = z
  .string()
  .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
  .superRefine((origins, ctx) => {
    const bad = origins.filter((o) => !isOrigin(o));
    if (bad.length) ctx.addIssue({ code: 'custom', message: `not an origin (scheme://host[:port], lower case, no path or trailing slash): ${bad.join(', ')}` });
  })
  .optional();

const parses = (value: string, protocols: string[]) => {
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) && !!url.hostname;
  } catch {
    return false;
  }
};
const isSmtpUrl = (v: string) => parses(v, ['smtp:', 'smtps:']);
const isHttpUrl = (v: string) => parses(v, ['http:', 'https:']);

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

/**
 * The whole environment the gateway reads, parsed once at start-up. Nothing else reads process.env,
 * so a typo or a bad number fails here with a message, not later with a surprise.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
  READ_CONNECTIONS_PER_CALLER: z.coerce.number().int().min(0).max(1_000).default(4),
  DATA_DIR: z.string().default('./.data'),
  DEMO_DATA: flag.default(true),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  DEBUG_SQL: flag.default(false),
  MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  DEFAULT_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(20),
  TOKEN_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  AUTH_CACHE_TTL_MS: z.coerce.number().int().min(0).max(300_000).default(5000),
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  PUBLIC_HOSTS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean))
    .refine((hosts) => hosts.every(isHostEntry), 'a comma-separated list of host or host:port (e.g. api.example.com,api.example.com:8443)'),
  CORS_ORIGINS: corsOrigins,
  FAILED_AUTH_PER_MINUTE: z.coerce.number().int().min(0).default(60),
  FAILED_AUTH_BURST: z.coerce.number().int().min(1).default(20),
  SECRET_KEY: z.string().min(32, 'at least 32 characters (e.g. `openssl rand -hex 32`)').optional(),
  SECRET_KEY_PREVIOUS: z.string().optional(),
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  OPENSEARCH_URL: z.string().regex(/^https?:\/\//, 'must be an http:// or https:// URL').optional(),
  OPENSEARCH_USERNAME: z.string().optional(),
  OPENSEARCH_PASSWORD: z.string().optional(),
  OPENSEARCH_CA_CERT: z.string().optional(),
  OPENSEARCH_INDEX_PREFIX: z.string().regex(/^[a-z0-9_-]*$/, 'lower-case letters, digits, _ and - only').default('crm_'),
  SEARCH_INLINE_DRAIN: flag.optional(),
  // Query limits and rate limit, per kind of caller: advisers (no prefix) and partner clients (CLIENT_).
  MAX_QUERY_DEPTH: z.coerce.number().int().min(1).max(1000).default(12),
  MAX_QUERY_COST: z.coerce.number().int().min(1).default(10_000),
  MAX_QUERY_ALIASES: z.coerce.number().int().min(0).max(10_000).default(30),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).optional(),
  CLIENT_MAX_QUERY_DEPTH: z.coerce.number().int().min(1).max(1000).default(10),
  CLIENT_MAX_QUERY_COST: z.coerce.number().int().min(1).default(5_000),
  CLIENT_MAX_QUERY_ALIASES: z.coerce.number().int().min(0).max(10_000).default(10),
  CLIENT_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(120),
  CLIENT_RATE_LIMIT_BURST: z.coerce.number().int().min(1).optional(),
  REQUEST_TIME_BUDGET_MS: z.coerce.number().int().min(1).max(3_600_000).default(10_000),
  CLIENT_REQUEST_TIME_BUDGET_MS: z.coerce.number().int().min(1).max(3_600_000).default(10_000),
  // Email (src/email): where it is sent, who it is from, and where its links point.
  SMTP_URL: z.string().refine(isSmtpUrl, 'must be an smtp:// or smtps:// URL (smtp://user:pass@host:port)').optional(),
  SMTP_TLS: z.enum(['auto', 'required', 'off']).default('auto'),
  EMAIL_FROM: z.string().regex(/^[^@\s<>]+@[^@\s<>]+$|^[^<>]*<[^@\s<>]+@[^@\s<>]+>$/, 'an address, or a name and <address>').default('Data Hub CRM <no-reply@crm.localhost>'),
  FRONTEND_BASE_URL: z
    .string()
    .refine(isHttpUrl, 'must be an http:// or https:// URL')
    .transform((v) => v.replace(/\/+$/, ''))
    .default('http://localhost:3000'),
  EMAIL_RETENTION_DAYS: z.coerce
    .number()
    .int('a whole number of days')
    .min(MIN_EMAIL_RETENTION_DAYS, `at least ${MIN_EMAIL_RETENTION_DAYS} days: a removed email frees its dedupe key, and a land date summary's key names a month (src/email/retention.ts)`)
    .max(MAX_EMAIL_RETENTION_DAYS, `at most ${MAX_EMAIL_RETENTION_DAYS} days`)
    .default(DEFAULT_EMAIL_RETENTION_DAYS),
  JOB_CATCH_UP_HOURS: z.coerce.number().int('a whole number of hours').min(0).max(48).default(12),
});

/** The kinds of caller limits are kept for; `viewer.kind` picks the row. */
export type CallerKind = 'adviser' | 'client';

export type CallerLimits = {
  /** Deepest nesting of fields (through fragments). */
  maxDepth: number;
  /** Largest cost, about the number of objects a response can hold (src/graphql/limits.ts). */
  maxCost: number;
  /** Most aliased fields in one operation. */
  maxAliases: number;
  /** Requests per minute per caller; 0 = no rate limit. */
  ratePerMinute: number;
  /** Requests a caller may make at once after a quiet spell (the bucket's size). */
  rateBurst: number;
};

export type Config = {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** Set: a PostgreSQL server through a pg pool. Unset: embedded PGlite under dataDir. */
  databaseUrl?: string;
  poolSize: number;
  /** The longest a read statement may run on a server (statement_timeout of the read pool); 0 = no limit. */
  statementTimeoutMs: number;
  /** Read connections one caller may hold at once on a server (0 = no limit). */
  readConnectionsPerCaller: number;
  dataDir: string;
  /** Embedded first start only: create the demo admin, a token and demo data. */
  demoData: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Adds the request's SQL statement count to the GraphQL response `extensions`. */
  debugSql: boolean;
  maxPageSize: number;
  defaultPageSize: number;
  tokenDays: number;
  /** How long a token lookup is trusted; revocation takes effect within it. 0 = no cache. */
  authCacheTtlMs: number;
  /**
   * How many proxies in front of the gateway append to X-Forwarded-For: the caller's address (for IP
   * allowlists) is the one that many hops from the right. 0 = the socket's address, X-Forwarded-For ignored.
   */
  trustedProxyHops: number;
  /**
   * The hosts (`host` or `host:port`, lowercase) a Hawk request may be signed for; empty: the Host header
   * the request arrived with, whatever it is.
   */
  publicHosts: string[];
  /**
   * The browser origins (exact `scheme://host[:port]`) that may call /graphql and /export/* from their pages
   * (src/http/cors.ts); `localhost` also lets in any http://localhost:<port> and http://127.0.0.1:<port>.
   */
  cors: { origins: string[]; localhost: boolean };
  /**
   * Refused credentials per client address: a bucket of `burst`, refilled at `perMinute` (0 = off). Once
   * empty, a credential from that address that is not in the auth cache is refused (429) before the lookup.
   */
  failedAuthLimit: { perMinute: number; burst: number };
  /**
   * Seals cursors (src/db/cursor-keys.ts). The api requires it in production; elsewhere, when unset, it makes
   * one and keeps it in `dataDir/secret-key`. The worker and the CLI have no use for it. `previousSecretKeys` still open what they sealed (a rotation).
   */
  secretKey?: string;
  previousSecretKeys: string[];
  /** /metrics is served only with this bearer token; unset, it is off. */
  metricsToken?: string;
  /** The search backend: OpenSearch when `opensearchUrl` is set, else PostgreSQL full-text. */
  search: {
    opensearchUrl?: string;
    username?: string;
    password?: string;
    /** A CA certificate (PEM file) for a cluster with its own TLS authority. */
    caCertPath?: string;
    indexPrefix: string;
    /** The api drains the search outbox itself (the embedded quick start); otherwise `npm run worker` does. */
    inlineDrain: boolean;
  };
  /** Query limits and rate limit per kind of caller. */
  limits: Record<CallerKind, CallerLimits>;
  /**
   * Per kind of caller, how long one GraphQL request's statements (SQL and search) may take altogether, in
   * ms; then they are stopped with QUERY_TIMEOUT (src/db/request-budget.ts).
   */
  timeBudgetMs: Record<CallerKind, number>;
  /** Email (src/email): sent by the worker's drain of the notifications outbox. */
  email: {
    /** smtp:// (STARTTLS per `tls`) or smtps:// (TLS from the start), with user:password if the server wants them. Unset: emails are logged, not sent. */
    smtpUrl?: string;
    /** smtp:// only: `auto` upgrades with STARTTLS when the server offers it, `required` refuses to send without it, `off` never upgrades (a local catcher). */
    tls: 'auto' | 'required' | 'off';
    from: string;
    /** Where the frontend is: emails' links are built on it (no trailing slash). */
    frontendBaseUrl: string;
    /** Days a sent, logged or failed email stays in the outbox after it finished (the `email:retention` job: src/email/retention.ts). */
    retentionDays: number;
  };
  /** A starting worker runs each job's latest slot of the last `catchUpHours` that no run completed (0: none): src/jobs/scheduler.ts. */
  jobs: { catchUpHours: number };
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * CORS_ORIGINS when set (empty: no origin). Unset, production (NODE_ENV=production, as for SECRET_KEY)
 * lets no browser origin in; development, the embedded quick start and tests let in local dev servers
 * (http://localhost:<port>, http://127.0.0.1:<port>).
 */
function corsOf(env: Config['env'], origins: string[] | undefined): Config['cors'] {
  if (origins) return { origins, localhost: false };
  return { origins: [], localhost: env !== 'production' };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  if (e.DEFAULT_PAGE_SIZE > e.MAX_PAGE_SIZE) {
    throw new ConfigError(['DEFAULT_PAGE_SIZE: must not exceed MAX_PAGE_SIZE']);
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    poolSize: e.DATABASE_POOL_SIZE,
    statementTimeoutMs: e.STATEMENT_TIMEOUT_MS,
    readConnectionsPerCaller: e.READ_CONNECTIONS_PER_CALLER,
    dataDir: path.resolve(e.DATA_DIR),
    demoData: e.DEMO_DATA,
    logLevel: e.LOG_LEVEL,
    debugSql: e.DEBUG_SQL,
    maxPageSize: e.MAX_PAGE_SIZE,
    defaultPageSize: e.DEFAULT_PAGE_SIZE,
    tokenDays: e.TOKEN_DAYS,
    authCacheTtlMs: e.AUTH_CACHE_TTL_MS,
    trustedProxyHops: e.TRUSTED_PROXY_HOPS,
    publicHosts: e.PUBLIC_HOSTS,
    cors: corsOf(e.NODE_ENV, e.CORS_ORIGINS),
    failedAuthLimit: { perMinute: e.FAILED_AUTH_PER_MINUTE, burst: e.FAILED_AUTH_BURST },
    secretKey: e.SECRET_KEY,
    metricsToken: e.METRICS_TOKEN,
    previousSecretKeys: (e.SECRET_KEY_PREVIOUS ?? '').split(',').map((k) => k.trim()).filter(Boolean),
    search: {
      opensearchUrl: e.OPENSEARCH_URL,
      username: e.OPENSEARCH_USERNAME,
      password: e.OPENSEARCH_PASSWORD,
      caCertPath: e.OPENSEARCH_CA_CERT,
      indexPrefix: e.OPENSEARCH_INDEX_PREFIX,
      inlineDrain: e.SEARCH_INLINE_DRAIN ?? !e.DATABASE_URL,
    },
    limits: {
      adviser: {
        maxDepth: e.MAX_QUERY_DEPTH,
        maxCost: e.MAX_QUERY_COST,
        maxAliases: e.MAX_QUERY_ALIASES,
        ratePerMinute: e.RATE_LIMIT_PER_MINUTE,
        rateBurst: e.RATE_LIMIT_BURST ?? Math.max(1, e.RATE_LIMIT_PER_MINUTE),
      },
      client: {
        maxDepth: e.CLIENT_MAX_QUERY_DEPTH,
        maxCost: e.CLIENT_MAX_QUERY_COST,
        maxAliases: e.CLIENT_MAX_QUERY_ALIASES,
        ratePerMinute: e.CLIENT_RATE_LIMIT_PER_MINUTE,
        rateBurst: e.CLIENT_RATE_LIMIT_BURST ?? Math.max(1, e.CLIENT_RATE_LIMIT_PER_MINUTE),
      },
    },
    timeBudgetMs: { adviser: e.REQUEST_TIME_BUDGET_MS, client: e.CLIENT_REQUEST_TIME_BUDGET_MS },
    email: { smtpUrl: e.SMTP_URL, tls: e.SMTP_TLS, from: e.EMAIL_FROM, frontendBaseUrl: e.FRONTEND_BASE_URL, retentionDays: e.EMAIL_RETENTION_DAYS },
    jobs: { catchUpHours: e.JOB_CATCH_UP_HOURS },
    ...overrides,
  };
}

/** The page sizes lists accept, as the read side takes them. */
export const pageLimits = (config: Config) => ({ defaultSize: config.defaultPageSize, maxSize: config.maxPageSize });
