import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { GraphQLError, OperationDefinitionNode } from 'graphql';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { formatError } from '../core/errors';

/** What the gauges read when Prometheus scrapes. */
export interface MetricSources {
  /** Subscriptions streaming on this instance. */
  activeSubscriptions(): number;
  /** The ORM's PostgreSQL pool. */
  pool(): { total: number; idle: number; waiting: number };
  /** Committed events this instance's bus has not delivered yet (newest id − last delivered id). */
  outboxLag(): Promise<number>;
  /** Events the Meilisearch relay has not applied yet (newest id − its checkpoint); absent without Meilisearch. */
  searchRelayLag?: () => Promise<number | null>;
}

const OTHER = '__other';
const MAX_OPERATION_NAMES = 500;
const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The hub's Prometheus metrics, in a registry of its own (several hubs can share a process in tests).
 * Operation names are the documents' own names (a GraphQL Name: no variables, no personal data), at most
 * 500 distinct ones per instance; the rest count as `__other`.
 */
export class HubMetrics {
  readonly registry = new Registry();
  private readonly names = new Set<string>();
  readonly httpDuration = this.histogram(
    'hub_http_request_duration_seconds',
    'HTTP requests by method, route and status',
    ['method', 'route', 'status'],
  );
  readonly graphqlDuration = this.histogram(
    'hub_graphql_operation_duration_seconds',
    'GraphQL operations over HTTP by operation name and type',
    ['operation', 'type'],
  );
  readonly graphqlOperations = this.counter(
    'hub_graphql_operations_total',
    'GraphQL operations over HTTP by operation name and type',
    ['operation', 'type'],
  );
  readonly graphqlErrors = this.counter(
    'hub_graphql_errors_total',
    'GraphQL errors sent by extensions.code and transport (http; ws: graphql-ws, each subscriber counted)',
    ['code', 'transport'],
  );
  readonly jobRuns = this.counter('hub_job_runs_total', 'Runs of the periodic jobs by job and outcome (ok, failed)', [
    'job',
    'outcome',
  ]);

  constructor(sources: MetricSources) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'hub_subscriptions_active',
      help: 'GraphQL subscriptions streaming on this instance',
      registers: [this.registry],
      collect() {
        this.set(sources.activeSubscriptions());
      },
    });
    new Gauge({
      name: 'hub_db_pool_connections',
      help: 'PostgreSQL pool of this instance: total and idle connections, requests waiting for one',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const pool = sources.pool();
        this.set({ state: 'total' }, pool.total);
        this.set({ state: 'idle' }, pool.idle);
        this.set({ state: 'waiting' }, pool.waiting);
      },
    });
    new Gauge({
      name: 'hub_outbox_lag_events',
      help: 'Committed events not yet delivered to this instance (newest event id minus the last delivered)',
      registers: [this.registry],
      async collect() {
        this.set(await sources.outboxLag().catch(() => Number.NaN));
      },
    });
    if (sources.searchRelayLag) {
      const lag = sources.searchRelayLag;
      new Gauge({
        name: 'hub_search_relay_lag_events',
        help: 'Committed events the Meilisearch relay has not applied yet (newest event id minus its checkpoint)',
        registers: [this.registry],
        async collect() {
          const value = await lag().catch(() => null);
          this.set(value ?? Number.NaN);
        },
      });
    }
  }

  /** Durations in seconds, in this registry. */
  private histogram<L extends string>(name: string, help: string, labelNames: readonly L[]): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets: SECONDS_BUCKETS, registers: [this.registry] });
  }

  private counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  /** A label for an operation name: anonymous, the name itself, or `__other` past the cap. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return '__anonymous';
    if (this.names.has(name)) return name;
    if (this.names.size >= MAX_OPERATION_NAMES) return OTHER;
    this.names.add(name);
    return name;
  }

  /** Times a finished HTTP request (`started`: process.hrtime.bigint()); routes are the hub's mount points, never raw paths. */
  observeHttp(req: Request, res: Response, started: bigint): void {
    const route = (req.route as { path?: string } | undefined)?.path ?? (req.baseUrl || 'other');
    this.httpDuration.observe(
      { method: req.method, route: KNOWN_ROUTES.has(route) ? route : 'other', status: String(res.statusCode) },
      Number(process.hrtime.bigint() - started) / 1e9,
    );
  }

  /** Times one GraphQL operation over HTTP (from the start of its request) and counts its errors by code. */
  startOperation(): OperationMeter {
    return new OperationMeter(this, this.graphqlDuration.startTimer());
  }

  /** Counts an error sent over graphql-ws (a refused operation, or one in a result it streamed). */
  wsError(code: string): void {
    this.graphqlErrors.inc({ code, transport: 'ws' });
  }

  /** GET /metrics: 404 unless METRICS_TOKEN is set, then only with `Authorization: Bearer <METRICS_TOKEN>`. */
  endpoint(token: string | undefined): RequestHandler {
    return async (req, res) => {
      if (!token) {
        res.status(404).json({ status: 'metrics are off (set METRICS_TOKEN)' });
        return;
      }
      const given = Buffer.from(/^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1]?.trim() ?? '');
      const expected = Buffer.from(token);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.status(401).set('www-authenticate', 'Bearer').json({ status: 'unauthorized' });
        return;
      }
      res.set('content-type', this.registry.contentType).send(await this.registry.metrics());
    };
  }
}

/** One operation's metrics: its labels once resolved, its errors, its duration when the response is sent. */
export class OperationMeter {
  private labels = { operation: '__unresolved', type: 'unknown' };

  constructor(
    private readonly metrics: HubMetrics,
    private readonly stop: (labels: { operation: string; type: string }) => number,
  ) {}

  resolved(operation: OperationDefinitionNode | undefined): void {
    this.labels = {
      operation: this.metrics.operationLabel(operation?.name?.value),
      type: operation?.operation ?? 'unknown',
    };
  }

  errors(errors: readonly GraphQLError[]): void {
    for (const error of errors) {
      const formatted = formatError({ message: error.message, extensions: error.extensions }, error, false);
      this.metrics.graphqlErrors.inc({
        code: String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
        transport: 'http',
      });
    }
  }

  sent(): void {
    this.stop(this.labels);
    this.metrics.graphqlOperations.inc(this.labels);
  }
}

const KNOWN_ROUTES = new Set(['/graphql', '/hsds', '/healthz', '/readyz', '/metrics', '/dev']);
