import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { type ErrorRequestHandler } from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { Redis } from 'ioredis';
import { WebSocketServer } from 'ws';
import type { Config } from './config';
import { systemClock, type Clock } from './core/clock';
import { createContext, type HubContext } from './context';
import { createTokenVerifier, type TokenVerifier } from './core/auth';
import { formatError } from './core/errors';
import { graphiqlPlugin } from './core/graphiql';
import { armor } from './core/limits';
import { loggableError, type Logger } from './core/logger';
import { RateLimits } from './core/rate-limit';
import { namedStatements } from './core/rows';
import { useSubscriptionServer } from './events/ws';
import { TokenWatch } from './events/ws-token-watch';
import { createSearchIndex, createSearchRelay, ThesaurusHolder } from './search';
import { SearchPipeline } from './search/search-pipeline';
import { createEventPipeline, outboxPosition } from './events';
import type { EventBus } from './events/bus';
import { cors } from './http/cors';
import { graphqlHttp } from './http/graphql-http';
import { hubPlugin } from './http/hub-plugin';
import { HubMetrics } from './http/metrics';
import { observeRequests } from './http/observe';
import { precompiled, precompiledGateway, type Precompiled } from './http/precompiled';
import { readiness } from './http/readiness';
import { trustFunction } from './http/trust-proxy';
import { MODULES } from './modules';
import { HUB_JOBS, Scheduler } from './jobs';
import { buildHubSchema } from './schema';
import { createServices, type Services } from './services';
import { devTokenRouter, webDist, webRouter } from './web';

export interface Hub {
  readonly url: string;
  readonly port: number;
  readonly services: Services;
  readonly schema: GraphQLSchema;
  /** The periodic jobs; `jobs.run(name)` runs one now. */
  readonly jobs: Scheduler;
  /** This instance's committed events; `bus.size` counts its listeners (live subscriptions among them). */
  readonly bus: EventBus;
  /** The precompiled execution's counts of queries run compiled and by graphql-js; absent when it is off. */
  readonly execution?: Precompiled['counts'];
  close(): Promise<void>;
}

async function viewerOf(tokens: TokenVerifier, authorization: string | undefined) {
  try {
    return await tokens.fromAuthorization(authorization);
  } catch (error) {
    // Errors thrown while building the context need an explicit HTTP status.
    const message = error instanceof Error ? error.message : 'invalid token';
    throw new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  }
}

// express.json() rejects malformed JSON before GraphQL sees it: answer 400 in GraphQL's shape.
const jsonErrors: ErrorRequestHandler = (error: { type?: string; status?: number }, _req, res, next) => {
  if (res.headersSent) return next(error);
  const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
  const message =
    error.type === 'entity.parse.failed'
      ? '请求体不是合法的 JSON (malformed JSON body)'
      : status === 413
        ? '请求体过大 (request body too large)'
        : status < 500
          ? '请求无效 (bad request)'
          : '服务器内部错误 (internal server error)';
  res
    .status(status)
    .json({ errors: [{ message, extensions: { code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR' } }] });
};

// A rate-limit check waits no longer than this for Redis before counting in memory.
const REDIS_COMMAND_TIMEOUT_MS = 1000;

interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

/** The ORM pool's connections (knex's tarn pool); zeros before it exists. */
function poolUse(orm: MikroORM): { total: number; idle: number; waiting: number } {
  const pool = (orm.em.getConnection().getKnex().client as { pool?: TarnPool }).pool;
  if (!pool) return { total: 0, idle: 0, waiting: 0 };
  const idle = pool.numFree();
  return { total: pool.numUsed() + idle, idle, waiting: pool.numPendingAcquires() };
}

/** Express + Apollo Server + graphql-ws on one port, with health endpoints. */
export async function startHub(args: {
  config: Config;
  orm: MikroORM;
  databaseUrl: string;
  log: Logger;
  /** The hub's time; tests pass a TestClock and move it. */
  clock?: Clock;
}): Promise<Hub> {
  const { config, orm, log } = args;
  const clock = args.clock ?? systemClock;
  const schema = await buildHubSchema();
  namedStatements(orm, config.preparedStatements);
  const events = createEventPipeline(config, orm, args.databaseUrl, log);
  // Loaded from the database below, and again whenever any instance changes it.
  const thesaurus = new ThesaurusHolder();
  const search = new SearchPipeline(createSearchIndex(config, log, thesaurus), thesaurus, {
    cache: config.searchCache,
  });
  const searchRelay = createSearchRelay(search.inner, orm, args.databaseUrl, log);
  // Shared by every instance through Redis when there is one; no offline queue, so that while Redis is
  // unreachable each instance counts in memory (the insurance limiter) instead of waiting, and a command
  // timeout, so that a Redis that stops answering (a dropped route, not a refused connection) does too.
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
        connectionName: 'jiujinan-hub',
      })
    : undefined;
  let redisUp = true;
  redis?.on('ready', () => (redisUp = true));
  redis?.on('error', (error) => {
    if (redisUp) log.warn({ err: loggableError(error) }, 'redis (rate limits, readiness) unreachable');
    redisUp = false;
  });
  const rateLimits = new RateLimits({
    perMinute: {
      reports: config.reportRateLimitPerMinute,
      reportLookups: config.reportRateLimitPerMinute * 2,
      writes: config.writeRateLimitPerMinute,
      searches: config.searchRateLimitPerMinute,
    },
    prefix: config.rateLimitPrefix,
    redis,
  });
  const services = createServices({ config, search, orm, bus: events.bus, clock, limits: rateLimits });
  const stopCacheInvalidation = search.listen(events.bus);
  const stopThesaurus = await services.thesaurus.start(orm, events.bus, log);
  // Read at scrape time; the WebSocket server below fills in its count.
  let activeSubscriptions = () => 0;
  const metrics = new HubMetrics({
    activeSubscriptions: () => activeSubscriptions(),
    pool: () => poolUse(orm),
    outboxLag: async () => {
      const { newest } = await outboxPosition(orm.em.fork(), 'none');
      const lag = newest - BigInt(events.bus.lastId);
      return Number(lag > 0n ? lag : 0n);
    },
    searchRelayLag: config.meiliUrl
      ? async () => {
          const { newest, checkpoint } = await outboxPosition(orm.em.fork(), 'meili-relay');
          return checkpoint === null ? null : Number(newest > checkpoint ? newest - checkpoint : 0n);
        }
      : undefined,
  });
  const jobs = new Scheduler(HUB_JOBS, { orm, services, clock, log }, (job, outcome) =>
    metrics.jobRuns.inc({ job, outcome }),
  );
  const tokens = createTokenVerifier(config, services.tokenRevocations);
  // Connections live no longer than their tokens: closed at expiry, and on revocation by any instance.
  const tokenWatch = new TokenWatch(clock);
  const unwatchRevocations = services.tokenRevocations.onRevoked((tokenId) => tokenWatch.revoked(tokenId));
  const app = express();
  app.disable('x-powered-by');
  // req.ip and req.protocol from X-Forwarded-For / -Proto only through the proxies TRUST_PROXY names.
  const trust = trustFunction(config.trustProxy);
  app.set('trust proxy', trust);
  const httpServer = http.createServer(app);
  const development = config.env === 'development';
  const queryLimits = armor();

  // Frames above the limit are refused before they are parsed (ws closes with 1009), as large HTTP bodies are.
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: config.wsMaxPayloadBytes });
  const wsCleanup = useSubscriptionServer({
    wsServer,
    schema,
    config,
    context: (viewer, clientAddress) => createContext({ em: orm.em, viewer, services, log, clientAddress }),
    tokens,
    tokenWatch,
    limits: rateLimits,
    trust,
    log,
    validationRules: queryLimits.validationRules,
    parseOptions: queryLimits.parseOptions,
    countError: (code) => metrics.wsError(code),
  });
  activeSubscriptions = wsCleanup.activeSubscriptions;
  const execution = config.precompiledQueries ? precompiled(schema) : undefined;
  const apollo = new ApolloServer<HubContext>({
    // The hub's schema; its queries executed precompiled (Apollo's one door for that is `gateway`).
    ...(execution ? { gateway: precompiledGateway(schema, execution) } : { schema }),
    ...queryLimits.apollo,
    csrfPrevention: true,
    // main.ts owns shutdown: close the hub, then the ORM, then the embedded database.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    introspection: true,
    includeStacktraceInErrorResponses: development,
    formatError: (formatted, error) => formatError(formatted, error, development),
    plugins: [
      // The hub sets no cache hints; Apollo's default cache-control plugin would wrap every field's resolver.
      ApolloServerPluginCacheControlDisabled(),
      ...queryLimits.apollo.plugins,
      // Requests in flight get this long; main.ts's forced exit waits longer (process-handlers.ts).
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownGraceMs }),
      graphiqlPlugin(),
      // The access log's operation name, metrics, guards, rate limits and the fault log: one plugin.
      hubPlugin<HubContext>({ metrics, limits: rateLimits, log }),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              jobs.stop();
              unwatchRevocations();
              await wsCleanup.dispose();
              await events.source.stop();
              await searchRelay.stop();
              stopCacheInvalidation();
              stopThesaurus();
              redis?.disconnect();
            },
          };
        },
      },
    ],
  });
  await apollo.start();
  await events.source.start();
  // After the event source: a revocation committed meanwhile arrives as an event or is in the table.
  await services.tokenRevocations.load(orm);
  // Never waits on Meilisearch: the relay retries in the background while it is down.
  await searchRelay.start();
  jobs.start();

  app.use(observeRequests(log, metrics));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', readiness({ orm, redis, meiliUrl: config.meiliUrl }));
  app.get('/metrics', metrics.endpoint(config.metricsToken));
  for (const module of MODULES) {
    for (const [path, handler] of Object.entries(
      module.routes?.({
        orm,
        clock,
        log,
        viewerOf: (authorization) => tokens.fromAuthorization(authorization),
        context: (viewer) => createContext({ em: orm.em, viewer, services, log }),
      }) ?? {},
    ))
      app.use(path, handler);
  }
  app.use(
    '/graphql',
    cors(config.corsOrigins),
    express.json({ limit: '1mb' }),
    // Apollo, with the answer compressed above 1 KB and without an ETag (graphql-http.ts).
    graphqlHttp(apollo, async ({ req, res }) => {
      const context = createContext({
        em: orm.em,
        viewer: await viewerOf(tokens, req.get('authorization')),
        services,
        log,
        requestId: res.locals.requestId as string,
        clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown',
        httpLocals: res.locals,
      });
      return context;
    }),
  );
  const devTokens = devTokenRouter(config);
  if (devTokens) app.use('/dev', devTokens);
  const web = webDist();
  if (web) app.use(webRouter(web));
  else log.warn('web console not built (web/dist): `npm run build` builds it');
  app.use(jsonErrors);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    services,
    schema,
    jobs,
    bus: events.bus,
    execution: execution?.counts,
    close: () => (closing ??= apollo.stop()),
  };
}
