import { MODULES } from '../modules';
import { SeedRun } from './seed-run.entity';

/** Every entity the ORM knows: each module's own, then the seeder's bookkeeping. */
export const ENTITIES = [...MODULES.flatMap((m) => m.entities ?? []), SeedRun];
