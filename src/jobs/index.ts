import type { Job } from '../core/job';
import { MODULES } from '../modules';

export { Scheduler } from './scheduler';

/** Every periodic job of the hub, from the module list. */
export const HUB_JOBS: readonly Job[] = MODULES.flatMap((m) => m.jobs ?? []);
