import { Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../core/base.entity';
import type { AssistanceForm, EmergencyType } from '../../core/vocabulary';
import { EmergencyCase } from './emergency-case.entity';
import { EscalationLevel, NeedStatus, Urgency } from './need.enums';
import { NEED_LIFECYCLE } from './need.lifecycle';

/** 需求 — one thing a household needs because of its emergency. */
@Entity({ tableName: 'need' })
export class Need extends BaseEntity {
  get typeName(): string {
    return 'Need';
  }

  @Index()
  @ManyToOne(() => EmergencyCase, { ref: true })
  case!: Ref<EmergencyCase>;

  /** The case's street and emergency type, copied: matching filters on them without a join. */
  @Property({ type: 'text' })
  areaCode!: string;

  @Property({ type: 'text' })
  emergencyType!: EmergencyType;

  @Property({ type: 'text' })
  form!: AssistanceForm;

  @Property({ type: 'text' })
  description!: string;

  @Property({ type: 'integer', nullable: true })
  amountFen: number | null = null;

  @Property({ type: 'integer', nullable: true })
  quantity: number | null = null;

  @Property({ type: 'text', nullable: true })
  unit: string | null = null;

  @Enum({ items: () => Urgency, nativeEnumName: 'urgency' })
  urgency!: Urgency;

  @Enum({ items: () => NeedStatus, nativeEnumName: 'need_status' })
  status: NeedStatus = NEED_LIFECYCLE.initial;

  /** What completed referrals delivered, in the need's own measure (fen for money, else units). */
  @Property({ type: 'integer', default: 0 })
  delivered: number = 0;

  @Enum({ items: () => EscalationLevel, nullable: true })
  escalationLevel: EscalationLevel | null = null;

  /** The district or city the need was escalated to. */
  @Property({ type: 'text', nullable: true })
  escalationAreaCode: string | null = null;

  @Property({ type: 'text', nullable: true })
  escalationNote: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  escalatedAt: Date | null = null;

  /** Why it was withdrawn. */
  @Property({ type: 'text', nullable: true })
  cancelReason: string | null = null;

  @Property({ type: 'text' })
  createdBy!: string;
}
