import { randomUUID } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { print, type ExecutionResult } from 'graphql';
import { loadConfig, type Config } from '../../src/config';
import { signToken, type Role } from '../../src/core/auth';
import type { Clock } from '../../src/core/clock';
import { createLogger, type Logger } from '../../src/core/logger';
import { startHub, type Hub } from '../../src/server';
import { createSeededDatabase } from './db';

export const TEST_SECRET = 'test-secret-of-at-least-thirty-two-characters';
export const TEST_CONTACT_KEY = 'test-contact-hash-key-of-at-least-32-bytes';

export interface TestHub {
  hub: Hub;
  orm: MikroORM;
  url: string;
  databaseUrl: string;
  close(): Promise<void>;
  token(role: Role | keyof typeof Role, claims?: { org?: string; area?: string; sub?: string }): Promise<string>;
  gql<R, V extends Record<string, unknown>>(
    document: TypedDocumentNode<R, V>,
    variables?: V,
    options?: { token?: string },
  ): Promise<{ status: number; data: R | null | undefined; errors: ExecutionResult['errors'] }>;
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown; text: string }>;
}

/**
 * A hub on a free port over its own seeded database; `options.log` replaces its logger (to capture logs),
 * `options.clock` its clock (a TestClock that the test moves instead of waiting), `options.database` a
 * database to use instead (another hub's, once that hub is closed with `hub.close()`, its ORM kept open).
 */
export async function startTestHub(
  overrides: Partial<Config> = {},
  options: { log?: Logger; clock?: Clock; database?: { url: string; orm: MikroORM } } = {},
): Promise<TestHub> {
  const { url: databaseUrl, orm } = options.database ?? (await createSeededDatabase());
  const config = loadConfig({
    port: 0,
    host: '127.0.0.1',
    databaseUrl,
    jwtSecret: TEST_SECRET,
    jwtSecretIsDefault: false,
    contactHashKey: TEST_CONTACT_KEY,
    contactHashKeyIsDefault: false,
    logLevel: (process.env.TEST_LOG_LEVEL as Config['logLevel'] | undefined) ?? 'silent',
    // Test files run in parallel on one Redis: each hub counts its own limits unless a test shares a prefix.
    rateLimitPrefix: `test:${randomUUID()}`,
    // Suites that make many writes or searches with one token; the rate-limit tests set their own.
    writeRateLimitPerMinute: 100_000,
    searchRateLimitPerMinute: 100_000,
    ...overrides,
  });
  const hub = await startHub({
    config,
    orm,
    databaseUrl,
    log: options.log ?? createLogger(config),
    clock: options.clock,
  });
  const url = hub.url.replace('localhost', '127.0.0.1');
  const post: TestHub['post'] = async (body, headers = {}) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    return { status: response.status, body: parsed, text };
  };
  return {
    hub,
    orm,
    url,
    databaseUrl,
    close: async () => {
      await hub.close();
      await orm.close();
    },
    token: (role, claims = {}) => signToken(TEST_SECRET, { role: role as Role, ...claims }),
    gql: async (document, variables, options = {}) => {
      const headers: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
      const { status, body } = await post({ query: print(document), variables }, headers);
      const result = (body ?? {}) as ExecutionResult;
      return { status, data: result.data as never, errors: result.errors };
    },
    post,
  };
}
