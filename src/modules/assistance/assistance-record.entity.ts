import { Entity, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../core/base.entity';
import type { AssistanceForm, EmergencyType } from '../../core/vocabulary';
import { Household } from '../households';
import { Organization } from '../organizations';

/** 救助记录 — help given, one link of the household's aid chain (一户一条救助链). */
@Entity({ tableName: 'assistance_record' })
export class AssistanceRecord extends BaseEntity {
  get typeName(): string {
    return 'AssistanceRecord';
  }

  /** Null until the case is linked to a household (an expedited case verified later). */
  @ManyToOne(() => Household, { ref: true, nullable: true })
  household: Ref<Household> | null = null;

  // The case, need and referral belong to modules above this one: kept as their ids (the foreign keys stay in the schema).
  @Property({ type: 'uuid', fieldName: 'case_id' })
  caseId!: string;

  @Property({ type: 'uuid', fieldName: 'need_id' })
  needId!: string;

  @Property({ type: 'uuid', fieldName: 'referral_id', nullable: true, unique: true })
  referralId: string | null = null;

  @ManyToOne(() => Organization, { ref: true })
  provider!: Ref<Organization>;

  /** The case's street. */
  @Property({ type: 'text' })
  areaCode!: string;

  /** The emergency type the help answered. */
  @Property({ type: 'text' })
  cause!: EmergencyType;

  @Property({ type: 'text' })
  form!: AssistanceForm;

  @Property({ type: 'integer', nullable: true })
  amountFen: number | null = null;

  @Property({ type: 'text', nullable: true })
  fundSource: string | null = null;

  @Property({ type: 'date' })
  deliveredOn!: string;

  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  /** An earlier record of the same form and cause for this household within the window: a warning. */
  @ManyToOne(() => AssistanceRecord, { ref: true, nullable: true })
  duplicateOf: Ref<AssistanceRecord> | null = null;

  @Property({ type: 'text', nullable: true })
  acknowledgedBy: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  acknowledgementNote: string | null = null;

  @Property({ type: 'text' })
  recordedBy!: string;
}
