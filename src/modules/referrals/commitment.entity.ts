import { Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../core/base.entity';
import { Need } from '../cases';
import { Resource } from '../resources';
import { CommitmentStatus } from './referral.enums';
import { COMMITMENT_LIFECYCLE } from './commitment.lifecycle';

/** 资源承诺 — capacity of a resource reserved for a need, held until a deadline. */
@Entity({ tableName: 'commitment' })
export class Commitment extends BaseEntity {
  get typeName(): string {
    return 'Commitment';
  }

  @Index()
  @ManyToOne(() => Need, { ref: true })
  need!: Ref<Need>;

  @ManyToOne(() => Resource, { ref: true })
  resource!: Ref<Resource>;

  /** In the resource's capacity unit (fen for money). */
  @Property({ type: 'integer' })
  amount!: number;

  /** The resource's capacity unit when committed; null for unlimited capacity. */
  @Property({ type: 'text', nullable: true })
  unit: string | null = null;

  @Property({ type: 'timestamptz' })
  holdUntil!: Date;

  @Enum({ items: () => CommitmentStatus, nativeEnumName: 'commitment_status' })
  status: CommitmentStatus = COMMITMENT_LIFECYCLE.initial;

  @Property({ type: 'timestamptz', nullable: true })
  releasedAt: Date | null = null;

  @Property({ type: 'text' })
  createdBy!: string;
}
