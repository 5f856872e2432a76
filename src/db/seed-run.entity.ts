import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { systemClock } from '../core/clock';

/** One row per seed set applied, so a restart never seeds twice. */
@Entity({ tableName: 'seed_run' })
export class SeedRun {
  @PrimaryKey({ type: 'text' })
  name!: string;

  @Property({ type: 'timestamptz' })
  appliedAt: Date = systemClock.now();
}
