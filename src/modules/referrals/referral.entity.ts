import { Entity, Enum, ManyToOne, OneToOne, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../core/base.entity';
import { EmergencyCase, Need } from '../cases';
import { Organization } from '../organizations';
import { Commitment } from './commitment.entity';
import { ReferralStatus } from './referral.enums';
import { REFERRAL_LIFECYCLE } from './referral.lifecycle';

/** One step of a referral's history. */
export interface ReferralStepData {
  status: ReferralStatus;
  /** ISO 8601. */
  at: string;
  actor: string;
  actorRole: string;
  note: string | null;
  /** The deadline in force when the step was taken (ISO 8601); absent on steps recorded before it was kept. */
  dueAt?: string | null;
}

/** 转介 — a committed resource handed to its provider, followed until the help is given. */
@Entity({ tableName: 'referral' })
export class Referral extends BaseEntity {
  get typeName(): string {
    return 'Referral';
  }

  @OneToOne(() => Commitment, { ref: true, owner: true, unique: true })
  commitment!: Ref<Commitment>;

  @ManyToOne(() => Need, { ref: true })
  need!: Ref<Need>;

  @ManyToOne(() => EmergencyCase, { ref: true })
  case!: Ref<EmergencyCase>;

  /** The case's street. */
  @Property({ type: 'text' })
  areaCode!: string;

  @ManyToOne(() => Organization, { ref: true, nullable: true })
  fromOrganization: Ref<Organization> | null = null;

  @ManyToOne(() => Organization, { ref: true })
  toOrganization!: Ref<Organization>;

  @Enum({ items: () => ReferralStatus, nativeEnumName: 'referral_status' })
  status: ReferralStatus = REFERRAL_LIFECYCLE.initial;

  /** When the next step is due: the answer while SENT, the delivery once ACCEPTED. */
  @Property({ type: 'timestamptz', nullable: true })
  dueAt: Date | null = null;

  /** Why it was declined or cancelled. */
  @Property({ type: 'text', nullable: true })
  reason: string | null = null;

  @Property({ type: 'jsonb' })
  history: ReferralStepData[] = [];

  /** When it was first accepted, declined, completed: kept by `stepTo` beside the history (the report reads these). */
  @Property({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  declinedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  completedAt: Date | null = null;
}
