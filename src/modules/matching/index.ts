import { defineModule } from '../manifest';
import { MatchFeed } from './match-feed';
import { MatchResolver } from './match.resolver';
import { MatchService } from './match.service';

declare module '../../core/context' {
  interface HubServices {
    matching: MatchService;
    matchFeed: MatchFeed;
  }
}

/** 匹配: needs against the resources a household can get, with reasons; and the other way on publication. */
export const matchingModule = defineModule({
  name: 'matching',
  resolvers: [MatchResolver],
  services: ({ orm, bus, clock }) => ({ matching: new MatchService(), matchFeed: new MatchFeed(orm, bus, clock) }),
});

export { FILTER_TEXT, type FilterCode, type MatchResult } from './engine';
