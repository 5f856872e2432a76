import { randomUUID } from 'node:crypto';
import { PrimaryKey, Property } from '@mikro-orm/core';
import { toGlobalId } from '../core/relay';

/** Shared columns: a UUID key and creation/update times. */
export abstract class BaseEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  /** The GraphQL type name used in global IDs. */
  abstract get typeName(): string;

  get globalId(): string {
    return toGlobalId(this.typeName, this.id);
  }
}
