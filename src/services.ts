import type { Clock } from './core/clock';
import type { HubServices } from './core/context';
import type { Config } from './config';
import { MODULES } from './modules';
import type { ServiceDeps } from './modules/manifest';
import type { SearchIndex } from './search/search-index';

declare module './core/context' {
  interface HubServices {
    readonly config: Config;
    readonly search: SearchIndex;
    readonly clock: Clock;
  }
}

export type Services = HubServices;

/** The stateless domain services, built once per process from the module list. */
export function createServices(deps: ServiceDeps): Services {
  const services: Record<string, unknown> = { config: deps.config, search: deps.search, clock: deps.clock };
  for (const module of MODULES) {
    for (const [name, service] of Object.entries(module.services?.(deps) ?? {})) {
      if (name in services) throw new Error(`module ${module.name}: a service named ${name} exists already`);
      services[name] = service;
    }
  }
  return services as unknown as Services;
}
