import { randomUUID } from 'node:crypto';
import { PrimaryKey, Property } from '@mikro-orm/core';
import { systemClock } from './clock';
import { toGlobalId } from './relay';

/** Shared columns: a UUID key and creation/update times. */
export abstract class BaseEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'timestamptz' })
  createdAt: Date = systemClock.now();

  @Property({ type: 'timestamptz', onUpdate: () => systemClock.now() })
  updatedAt: Date = systemClock.now();

  /** The GraphQL type name used in global IDs. */
  abstract get typeName(): string;

  get globalId(): string {
    return toGlobalId(this.typeName, this.id);
  }
}
