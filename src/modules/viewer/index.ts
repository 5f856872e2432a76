import { defineModule } from '../manifest';
import { ViewerResolver } from './viewer.resolver';

/** `viewer`: who is asking, as the bearer token says. */
export const viewerModule = defineModule({
  name: 'viewer',
  resolvers: [ViewerResolver],
});
