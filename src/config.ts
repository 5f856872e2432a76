import path from 'node:path';
import proxyaddr from 'proxy-addr';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** An external PostgreSQL; when unset an embedded one is started under dataDir. */
  readonly databaseUrl: string | undefined;
  /**
   * A direct (session) connection to the same PostgreSQL for LISTEN/NOTIFY, advisory locks and migrations,
   * when DATABASE_URL goes through a transaction-mode pooler such as pgbouncer; defaults to DATABASE_URL.
   */
  readonly databaseSessionUrl: string | undefined;
  /** HS256 key for development and test tokens; never accepted in production. */
  readonly jwtSecret: string | undefined;
  /** True when jwtSecret is the built-in development secret (development or test on a loopback HOST only). */
  readonly jwtSecretIsDefault: boolean;
  /** Key of the keyed fingerprints (HMAC) of personal data such as a reporter's phone. */
  readonly contactHashKey: string;
  /** True when contactHashKey is the built-in development key (development or test on a loopback HOST only). */
  readonly contactHashKeyIsDefault: boolean;
  /** The identity provider's key set (OIDC `jwks_uri`); bearer tokens signed by it are accepted. */
  readonly jwtJwksUrl: string | undefined;
  /** The `iss` that tokens from the identity provider must carry. */
  readonly jwtIssuer: string | undefined;
  /** The `aud` that tokens from the identity provider must name (this hub's client id). */
  readonly jwtAudience: string | undefined;
  /** Asymmetric algorithms accepted from the identity provider (pinned; never `none` or HS*). */
  readonly jwtAlgorithms: readonly string[];
  /** A token older than this (by `iat`) is refused, whatever its `exp`. */
  readonly jwtMaxAgeSeconds: number;
  /** Where role, organisation and area are found in the identity provider's claims (dotted paths). */
  readonly jwtClaims: Readonly<{ role: string; organization: string; area: string }>;
  /** The identity provider's role names mapped to the hub's roles, e.g. `{"relief-coordinator":"COORDINATOR"}`. */
  readonly jwtRoleMap: Readonly<Record<string, string>>;
  /** Key of report tracking codes (TRACKING_SECRET, else JWT_SECRET); without one no tracking codes are issued. */
  readonly trackingSecret: string | undefined;
  readonly redisUrl: string | undefined;
  readonly meiliUrl: string | undefined;
  readonly meiliKey: string | undefined;
  /** Cache search results, invalidated through the outbox (SEARCH_CACHE=off disables it). */
  readonly searchCache: boolean;
  /** Execute HTTP queries precompiled (graphql-jit, http/precompiled.ts); PRECOMPILED_QUERIES=off keeps graphql-js. */
  readonly precompiledQueries: boolean;
  /** Name (prepare) the read statements on each connection (core/rows.ts); PREPARED_STATEMENTS=off runs them unnamed. */
  readonly preparedStatements: boolean;
  readonly logLevel: LogLevel;
  /** Seed an empty database on start. */
  readonly seed: boolean;
  readonly dbPoolSize: number;
  /** Emergency reports a client address may make per minute (a busy hotline desk is one address); 0: no limit. */
  readonly reportRateLimitPerMinute: number;
  /** Mutations one signed-in viewer (token subject) may make per minute, on all instances together; 0: no limit. */
  readonly writeRateLimitPerMinute: number;
  /** Full-text searches per minute for one viewer (token subject; the public: per client address); 0: no limit. */
  readonly searchRateLimitPerMinute: number;
  /** Prefix of the rate limits' Redis keys: instances with the same prefix share their limits. */
  readonly rateLimitPrefix: string;
  /** Which proxies in front of the hub are trusted to say the client's address and protocol (X-Forwarded-*). */
  readonly trustProxy: TrustProxy;
  /** Origins (scheme://host[:port]) whose browser pages may call /graphql from another origin. */
  readonly corsOrigins: readonly string[];
  /** Open WebSocket connections one client address may hold on this instance; 0: no limit. */
  readonly wsMaxConnectionsPerAddress: number;
  /** Operations (subscriptions) one WebSocket connection may have running at once; 0: no limit. */
  readonly wsMaxSubscriptionsPerConnection: number;
  /** Bearer token that /metrics asks for; /metrics answers 404 while it is unset. */
  readonly metricsToken: string | undefined;
  /** Hours to verify and to first assistance, per emergency type; `default` for the rest. */
  readonly caseDeadlines: Readonly<Record<string, { verifyHours: number; respondHours: number }>>;
  /** Hours an expedited case has for its paperwork (事后补办), counted from when it was expedited. */
  readonly expeditedPaperworkHours: number;
  /** Hours reserved capacity is held for a referral the provider has not yet accepted. */
  readonly commitmentHoldHours: number;
  /** Hours an accepted referral has until the help is delivered. */
  readonly referralCompleteHours: number;
  /** Aid of the same form for the same cause within this many months is a duplicate to acknowledge. */
  readonly duplicateAidMonths: number;
  /** Days between screening visits by the household's highest open risk level (NONE: no open flag). */
  readonly screeningIntervalDays: Readonly<Record<'HIGH' | 'MEDIUM' | 'LOW' | 'NONE', number>>;
  /** How far back a subscription's `after` may reach: days and events; older cursors must re-list. */
  readonly eventReplayDays: number;
  readonly eventReplayMaxEvents: number;
  /** Events one subscriber may let wait before it is disconnected as too slow. */
  readonly subscriberMaxQueued: number;
  /** The largest WebSocket frame accepted (bytes), like the HTTP body limit. */
  readonly wsMaxPayloadBytes: number;
  /** How long shutdown waits for requests in flight before closing their connections (ms). */
  readonly shutdownGraceMs: number;
  /** Months after a household's last case closed (none open) before its personal data is anonymised (PIPL). */
  readonly retentionMonths: number;
  /**
   * Fault-injection hooks for crash tests, honoured only when NODE_ENV=test (always off otherwise):
   * `relayDelayMs` holds each event for that long before the Redis relay publishes it
   * (TEST_HOOK_RELAY_DELAY_MS); `pauseJob` names a job that stops inside its transaction, before it
   * commits, until the process is killed (TEST_HOOK_PAUSE_JOB).
   */
  readonly testHooks: Readonly<{ relayDelayMs: number; pauseJob: string | null }>;
}

export const DEV_JWT_SECRET = 'jiujinan-hub-development-secret-do-not-use-in-production';
export const DEV_CONTACT_HASH_KEY = 'jiujinan-hub-development-contact-key-do-not-use-in-production';

type Env = Record<string, string | undefined>;

// Any other NODE_ENV (staging, prod, …) is refused: it used to fall back to development, secret and stack traces included.
function nodeEnv(env: Env): Config['env'] {
  const value = env.NODE_ENV?.trim() || 'development';
  if (value === 'production' || value === 'test' || value === 'development') return value;
  throw new Error(`NODE_ENV must be development, test or production, got "${value}"`);
}

const LOOPBACK = /^(127(\.\d{1,3}){3}|::1|\[::1\]|localhost)$/i;

/** An address only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host.trim());
}

/** HS256 needs a key of at least 256 bits (RFC 7518 §3.2). */
export const MIN_SECRET_BYTES = 32;

const ASYMMETRIC = new Set(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']);

function jsonObject(name: string, raw: string | undefined): Record<string, string> {
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`${name} must be a JSON object`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${name} must be a JSON object`);
  return parsed as Record<string, string>;
}

/** Refuses to start with an identity set-up that lets strangers in: checked after overrides apply. */
function checkIdentity(config: Config): void {
  const secret = config.jwtSecret;
  if (secret !== undefined && Buffer.byteLength(secret) < MIN_SECRET_BYTES) {
    throw new Error(`JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  if (config.env === 'production' && secret !== undefined) {
    throw new Error(
      'JWT_SECRET (HS256) is for development only: in production set JWT_JWKS_URL to the identity provider',
    );
  }
  if (config.jwtSecretIsDefault && (config.env === 'production' || !isLoopbackHost(config.host))) {
    throw new Error('the development JWT secret is allowed only in development or test on a loopback HOST');
  }
  if (config.jwtJwksUrl) {
    let url: URL;
    try {
      url = new URL(config.jwtJwksUrl);
    } catch {
      throw new Error('JWT_JWKS_URL must be a URL');
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
      throw new Error('JWT_JWKS_URL must use https (http only on a loopback address)');
    }
    if (!config.jwtIssuer || !config.jwtAudience) throw new Error('JWT_JWKS_URL needs JWT_ISSUER and JWT_AUDIENCE');
    const wrong = config.jwtAlgorithms.filter((a) => !ASYMMETRIC.has(a));
    if (config.jwtAlgorithms.length === 0 || wrong.length > 0) {
      throw new Error(`JWT_ALGORITHMS must list asymmetric algorithms only, got "${config.jwtAlgorithms.join(',')}"`);
    }
  } else if (secret === undefined) {
    throw new Error(
      config.env === 'production'
        ? 'JWT_JWKS_URL, JWT_ISSUER and JWT_AUDIENCE are required when NODE_ENV=production'
        : `set JWT_SECRET (at least ${MIN_SECRET_BYTES} bytes) or JWT_JWKS_URL: the development secret serves only a loopback HOST`,
    );
  }
  if (config.jwtMaxAgeSeconds <= 0) throw new Error('JWT_MAX_AGE_HOURS must be positive');
  if (Buffer.byteLength(config.contactHashKey) < MIN_SECRET_BYTES) {
    throw new Error(`CONTACT_HASH_KEY must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  if (config.contactHashKeyIsDefault && (config.env === 'production' || !isLoopbackHost(config.host))) {
    throw new Error(
      `set CONTACT_HASH_KEY (at least ${MIN_SECRET_BYTES} bytes): the development key serves only development or test on a loopback HOST`,
    );
  }
}

function integer(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function positive(env: Env, name: string, fallback: number): number {
  const value = integer(env, name, fallback);
  if (value === 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

const DEFAULT_DEADLINES = { default: { verifyHours: 24, respondHours: 72 } };

// CASE_DEADLINES='{"FIRE":{"verifyHours":12,"respondHours":48}}' overrides the 24 h / 72 h defaults per type.
function caseDeadlines(raw: string | undefined): Config['caseDeadlines'] {
  if (!raw) return DEFAULT_DEADLINES;
  const parsed = JSON.parse(raw) as Record<string, { verifyHours?: unknown; respondHours?: unknown }>;
  const result: Record<string, { verifyHours: number; respondHours: number }> = { ...DEFAULT_DEADLINES };
  for (const [type, value] of Object.entries(parsed)) {
    const { verifyHours, respondHours } = value;
    if (typeof verifyHours !== 'number' || typeof respondHours !== 'number' || verifyHours <= 0 || respondHours <= 0) {
      throw new Error(`CASE_DEADLINES.${type} needs positive verifyHours and respondHours`);
    }
    result[type] = { verifyHours, respondHours };
  }
  return result;
}

const DEFAULT_SCREENING_INTERVALS = { HIGH: 30, MEDIUM: 90, LOW: 180, NONE: 365 };

// SCREENING_INTERVAL_DAYS='{"HIGH":14}' overrides the visit interval of some levels.
function screeningIntervals(raw: string | undefined): Config['screeningIntervalDays'] {
  if (!raw) return DEFAULT_SCREENING_INTERVALS;
  const parsed = JSON.parse(raw) as Record<string, unknown>;
  const result = { ...DEFAULT_SCREENING_INTERVALS };
  for (const [level, days] of Object.entries(parsed)) {
    if (!(level in result) || !Number.isInteger(days) || (days as number) <= 0) {
      throw new Error(`SCREENING_INTERVAL_DAYS.${level} must be a positive integer for HIGH, MEDIUM, LOW or NONE`);
    }
    result[level as keyof typeof result] = days as number;
  }
  return result;
}

// CORS_ORIGINS='https://console.example.gov.cn,https://partner.example.org': exact origins, no wildcards.
/**
 * Which proxies are trusted to report the client (`X-Forwarded-For`, `X-Forwarded-Proto`):
 * none (false), the nearest `n` hops, or the proxies at these addresses / CIDRs
 * (proxy-addr's names `loopback`, `linklocal` and `uniquelocal` too).
 */
export type TrustProxy = false | number | readonly string[];

/** TRUST_PROXY: unset/off → false; a number → hops; else a comma list of addresses and CIDRs. */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? '';
  if (value === '' || /^(off|false|no|0)$/i.test(value)) return false;
  if (/^\d+$/.test(value)) return Number(value);
  if (/^(true|on|yes|all|\*)$/i.test(value)) {
    throw new Error(
      "TRUST_PROXY must be a hop count or the proxies' addresses/CIDRs: trusting every X-Forwarded-For lets any client choose its address",
    );
  }
  const list = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  try {
    proxyaddr.compile(list);
  } catch (error) {
    throw new Error(`TRUST_PROXY: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return list;
}

function corsOrigins(raw: string | undefined): readonly string[] {
  const origins = (raw ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== origin.replace(/\/$/, '')) {
      throw new Error(`CORS_ORIGINS must list origins such as https://console.example.org, got "${origin}"`);
    }
  }
  return origins.map((o) => o.replace(/\/$/, ''));
}

/** Parses the environment once into a frozen, typed object; tests pass overrides. */
export function loadConfig(overrides: Partial<Config> = {}, env: Env = process.env): Config {
  const mode = overrides.env ?? nodeEnv(env);
  const host = overrides.host ?? blankToUndefined(env.HOST) ?? '127.0.0.1';
  const jwksUrl = 'jwtJwksUrl' in overrides ? overrides.jwtJwksUrl : blankToUndefined(env.JWT_JWKS_URL);
  const given = 'jwtSecret' in overrides ? overrides.jwtSecret : blankToUndefined(env.JWT_SECRET);
  // The published development secret only where nobody else can reach the hub, and never in production.
  const fallback = given === undefined && !jwksUrl && mode !== 'production' && isLoopbackHost(host);
  const contactKey = blankToUndefined(env.CONTACT_HASH_KEY);
  const config: Config = {
    env: mode,
    port: integer(env, 'PORT', 4000),
    host,
    dataDir: path.resolve(env.DATA_DIR ?? './.data'),
    databaseUrl: blankToUndefined(env.DATABASE_URL),
    databaseSessionUrl: blankToUndefined(env.DATABASE_SESSION_URL),
    jwtSecret: fallback ? DEV_JWT_SECRET : given,
    jwtSecretIsDefault: fallback,
    contactHashKey: contactKey ?? DEV_CONTACT_HASH_KEY,
    contactHashKeyIsDefault: contactKey === undefined,
    jwtJwksUrl: jwksUrl,
    jwtIssuer: blankToUndefined(env.JWT_ISSUER),
    jwtAudience: blankToUndefined(env.JWT_AUDIENCE),
    jwtAlgorithms: (blankToUndefined(env.JWT_ALGORITHMS) ?? 'RS256,ES256')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
    jwtMaxAgeSeconds: integer(env, 'JWT_MAX_AGE_HOURS', 12) * 3600,
    jwtClaims: {
      role: blankToUndefined(env.JWT_ROLE_CLAIM) ?? 'role',
      organization: blankToUndefined(env.JWT_ORG_CLAIM) ?? 'org',
      area: blankToUndefined(env.JWT_AREA_CLAIM) ?? 'area',
    },
    jwtRoleMap: jsonObject('JWT_ROLE_MAP', env.JWT_ROLE_MAP),
    trackingSecret: blankToUndefined(env.TRACKING_SECRET) ?? (fallback ? DEV_JWT_SECRET : given),
    redisUrl: blankToUndefined(env.REDIS_URL),
    meiliUrl: blankToUndefined(env.MEILI_URL),
    meiliKey: blankToUndefined(env.MEILI_KEY),
    searchCache: env.SEARCH_CACHE !== 'off',
    precompiledQueries: env.PRECOMPILED_QUERIES !== 'off',
    preparedStatements: env.PREPARED_STATEMENTS !== 'off',
    logLevel: (env.LOG_LEVEL as LogLevel | undefined) ?? (mode === 'test' ? 'silent' : 'info'),
    seed: env.SEED !== 'false',
    dbPoolSize: integer(env, 'DB_POOL_SIZE', 10),
    reportRateLimitPerMinute: integer(env, 'REPORT_RATE_LIMIT', 60),
    writeRateLimitPerMinute: integer(env, 'WRITE_RATE_LIMIT', 120),
    searchRateLimitPerMinute: integer(env, 'SEARCH_RATE_LIMIT', 300),
    rateLimitPrefix: blankToUndefined(env.RATE_LIMIT_PREFIX) ?? 'jiujinan:ratelimit',
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    corsOrigins: corsOrigins(env.CORS_ORIGINS),
    wsMaxConnectionsPerAddress: integer(env, 'WS_MAX_CONNECTIONS_PER_ADDRESS', 100),
    wsMaxSubscriptionsPerConnection: integer(env, 'WS_MAX_SUBSCRIPTIONS_PER_CONNECTION', 50),
    metricsToken: blankToUndefined(env.METRICS_TOKEN),
    caseDeadlines: caseDeadlines(env.CASE_DEADLINES),
    expeditedPaperworkHours: integer(env, 'EXPEDITED_PAPERWORK_HOURS', 120),
    commitmentHoldHours: integer(env, 'COMMITMENT_HOLD_HOURS', 48),
    referralCompleteHours: integer(env, 'REFERRAL_COMPLETE_HOURS', 72),
    duplicateAidMonths: integer(env, 'DUPLICATE_AID_MONTHS', 12),
    screeningIntervalDays: screeningIntervals(env.SCREENING_INTERVAL_DAYS),
    eventReplayDays: integer(env, 'EVENT_REPLAY_DAYS', 7),
    eventReplayMaxEvents: integer(env, 'EVENT_REPLAY_MAX_EVENTS', 10_000),
    subscriberMaxQueued: integer(env, 'SUBSCRIBER_MAX_QUEUED', 1000),
    wsMaxPayloadBytes: integer(env, 'WS_MAX_PAYLOAD_BYTES', 1024 * 1024),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10_000),
    retentionMonths: positive(env, 'RETENTION_MONTHS', 36),
    testHooks:
      mode === 'test'
        ? {
            relayDelayMs: integer(env, 'TEST_HOOK_RELAY_DELAY_MS', 0),
            pauseJob: blankToUndefined(env.TEST_HOOK_PAUSE_JOB) ?? null,
          }
        : { relayDelayMs: 0, pauseJob: null },
    ...overrides,
  };
  checkIdentity(config);
  if (config.metricsToken !== undefined && Buffer.byteLength(config.metricsToken) < 16) {
    throw new Error('METRICS_TOKEN must be at least 16 bytes');
  }
  return Object.freeze(config);
}
