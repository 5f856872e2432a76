import path from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** An external PostgreSQL; when unset an embedded one is started under dataDir. */
  readonly databaseUrl: string | undefined;
  readonly jwtSecret: string;
  /** True when jwtSecret is the built-in development secret. */
  readonly jwtSecretIsDefault: boolean;
  readonly redisUrl: string | undefined;
  readonly meiliUrl: string | undefined;
  readonly meiliKey: string | undefined;
  readonly logLevel: LogLevel;
  /** Seed an empty database on start. */
  readonly seed: boolean;
  readonly dbPoolSize: number;
  /** Emergency reports a client address may make per minute (a busy hotline desk is one address). */
  readonly reportRateLimitPerMinute: number;
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
  /** How far back a subscription's `after` may reach: days and events; older cursors must re-list. */
  readonly eventReplayDays: number;
  readonly eventReplayMaxEvents: number;
  /** Events one subscriber may let wait before it is disconnected as too slow. */
  readonly subscriberMaxQueued: number;
  /** The largest WebSocket frame accepted (bytes), like the HTTP body limit. */
  readonly wsMaxPayloadBytes: number;
}

export const DEV_JWT_SECRET = 'jiujinan-hub-development-secret-do-not-use-in-production';

type Env = Record<string, string | undefined>;

function nodeEnv(env: Env): Config['env'] {
  const value = env.NODE_ENV;
  return value === 'production' || value === 'test' ? value : 'development';
}

function integer(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
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

/** Parses the environment once into a frozen, typed object; tests pass overrides. */
export function loadConfig(overrides: Partial<Config> = {}, env: Env = process.env): Config {
  const mode = nodeEnv(env);
  const secret = blankToUndefined(env.JWT_SECRET);
  if (!secret && mode === 'production' && overrides.jwtSecret === undefined) {
    throw new Error('JWT_SECRET is required when NODE_ENV=production');
  }
  const config: Config = {
    env: mode,
    port: integer(env, 'PORT', 4000),
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? './.data'),
    databaseUrl: blankToUndefined(env.DATABASE_URL),
    jwtSecret: secret ?? DEV_JWT_SECRET,
    jwtSecretIsDefault: !secret,
    redisUrl: blankToUndefined(env.REDIS_URL),
    meiliUrl: blankToUndefined(env.MEILI_URL),
    meiliKey: blankToUndefined(env.MEILI_KEY),
    logLevel: (env.LOG_LEVEL as LogLevel | undefined) ?? (mode === 'test' ? 'silent' : 'info'),
    seed: env.SEED !== 'false',
    dbPoolSize: integer(env, 'DB_POOL_SIZE', 10),
    reportRateLimitPerMinute: integer(env, 'REPORT_RATE_LIMIT', 60),
    caseDeadlines: caseDeadlines(env.CASE_DEADLINES),
    expeditedPaperworkHours: integer(env, 'EXPEDITED_PAPERWORK_HOURS', 120),
    commitmentHoldHours: integer(env, 'COMMITMENT_HOLD_HOURS', 48),
    referralCompleteHours: integer(env, 'REFERRAL_COMPLETE_HOURS', 72),
    duplicateAidMonths: integer(env, 'DUPLICATE_AID_MONTHS', 12),
    eventReplayDays: integer(env, 'EVENT_REPLAY_DAYS', 7),
    eventReplayMaxEvents: integer(env, 'EVENT_REPLAY_MAX_EVENTS', 10_000),
    subscriberMaxQueued: integer(env, 'SUBSCRIBER_MAX_QUEUED', 1000),
    wsMaxPayloadBytes: integer(env, 'WS_MAX_PAYLOAD_BYTES', 1024 * 1024),
    ...overrides,
  };
  return Object.freeze(config);
}
