import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { RequestHandler } from 'express';
import type { Config } from '../config';
import type { Clock } from '../core/clock';
import type { Viewer } from '../core/auth';
import type { HubContext, HubServices } from '../core/context';
import type { Job } from '../core/job';
import type { Logger } from '../core/logger';
import type { RateLimits } from '../core/rate-limit';
import type { NodeFetcher } from '../core/node.resolver';
import type { EventBus } from '../events/bus';
import type { SearchIndex } from '../search/search-index';

/** What a module's services are built from, once per process. */
export interface ServiceDeps {
  readonly config: Config;
  readonly search: SearchIndex;
  readonly orm: MikroORM;
  readonly bus: EventBus;
  readonly clock: Clock;
  /** The shared rate limits (Redis when configured). */
  readonly limits: RateLimits;
}

/** What a module's HTTP routes (outside GraphQL) are built from. */
export interface RouteDeps {
  readonly orm: MikroORM;
  readonly clock: Clock;
  readonly log: Logger;
  /** The viewer an `Authorization: Bearer …` header names (null without one; UNAUTHENTICATED when bad). */
  readonly viewerOf: (authorization: string | undefined) => Promise<Viewer | null>;
  /** A request context for a viewer (its own EntityManager fork, loaders and services), as GraphQL gets. */
  readonly context: (viewer: Viewer | null) => HubContext;
}

// type-graphql and MikroORM take classes.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Class = Function;

/**
 * A module's one door: everything the hub needs to assemble it. `src/modules/index.ts` lists the
 * manifests; the ORM's entities, the schema, the services, the loaders and the scheduler's jobs are
 * all built from that list, so adding a module is its folder plus one line there.
 */
export interface ModuleManifest<Services extends object = object, Loaders extends object = object> {
  readonly name: string;
  /** MikroORM entities: the module's own tables. */
  readonly entities?: readonly Class[];
  /** The module's tables kept without an entity (raw SQL only); with the entities' tables, all it may run SQL on. */
  readonly tables?: readonly string[];
  /** type-graphql resolvers (queries, mutations, subscriptions, field resolvers). */
  readonly resolvers?: readonly Class[];
  /** GraphQL object types reachable only through the Node interface. */
  readonly types?: readonly Class[];
  /** How `node(id)` fetches each of the module's Node types (and who may see it). */
  readonly nodeTypes?: Readonly<Record<string, NodeFetcher>>;
  /** The module's DataLoaders, built per request. */
  readonly loaders?: (em: EntityManager) => Loaders;
  /** The module's services, built once per process; their names are its part of `ctx.services`. */
  readonly services?: (deps: ServiceDeps) => Services;
  /** The DomainEvent types the module appends. */
  readonly events?: readonly string[];
  /** Periodic work, run by the one scheduler. */
  readonly jobs?: readonly Job[];
  /** Express routes mounted beside /graphql, e.g. the HSDS export. */
  readonly routes?: (deps: RouteDeps) => Readonly<Record<string, RequestHandler>>;
}

/** Each service a module builds has the type its door declares in `HubServices`. */
type Declared<S> = { [K in keyof S]: K extends keyof HubServices ? HubServices[K] : never };

/** Declares a module (keeps the types of its services and loaders). */
export function defineModule<S extends Declared<S> = object, L extends object = object>(
  manifest: ModuleManifest<S, L>,
): ModuleManifest<S, L> {
  return manifest;
}
