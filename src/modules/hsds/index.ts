import { loggableError } from '../../core/logger';
import { defineModule } from '../manifest';
import { createHsdsRouter } from './hsds.router';
import { hsdsSource } from './hsds.source';

/** The HSDS 3.1 export of the published catalogue, under /hsds. */
export const hsdsModule = defineModule({
  name: 'hsds',
  routes: ({ orm, clock, log }) => ({
    '/hsds': createHsdsRouter({
      ...hsdsSource(orm, clock),
      onError: (error) => log.error({ err: loggableError(error) }, 'hsds export fault'),
    }),
  }),
});
