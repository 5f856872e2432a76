import { defineModule } from '../manifest';
import { Area } from './area.entity';
import { createAreaLoaders } from './area.loader';
import { AreaResolver } from './area.resolver';
import { AreaService } from './area.service';

declare module '../../core/context' {
  interface HubServices {
    areas: AreaService;
  }
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HubLoaders extends ReturnType<typeof createAreaLoaders> {}
}

/** 行政区划: the three-level area tree (市/区/街镇) that scopes every record. */
export const areasModule = defineModule({
  name: 'areas',
  entities: [Area],
  resolvers: [AreaResolver],
  types: [Area],
  nodeTypes: { Area: (ctx, id) => ctx.loaders.areaById.load(id) },
  loaders: createAreaLoaders,
  services: () => ({ areas: new AreaService() }),
});

export { Area, AreaLevel } from './area.entity';
export { areasByCodes, areasByIds, areaViewsSql } from './area.loader';
