import { Entity, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../core/base.entity';
import type { HouseholdCategory, Registration } from '../../core/vocabulary';
import { Area } from '../areas';

/**
 * 家庭 — personal data under PIPL: created with a recorded legal basis, read only by those allowed
 * (every read audited), never logged, never put in an event.
 */
@Entity({ tableName: 'household' })
export class Household extends BaseEntity {
  get typeName(): string {
    return 'Household';
  }

  @ManyToOne(() => Area, { ref: true })
  area!: Ref<Area>;

  /** The street's code, for jurisdiction checks without a join. */
  @Index()
  @Property({ type: 'text' })
  areaCode!: string;

  @Property({ type: 'text' })
  address!: string;

  @Property({ type: 'text' })
  category!: HouseholdCategory;

  @Property({ type: 'text' })
  registration!: Registration;

  /** Unknown when null, never zero. */
  @Property({ type: 'integer', nullable: true })
  monthlyIncomePerCapitaFen: number | null = null;

  /** The legal basis or consent under which the data was collected (PIPL 第十三条). */
  @Property({ type: 'text' })
  consentBasis!: string;

  @Property({ type: 'text' })
  createdBy!: string;

  /** The creator's key for this registration: a retry with the same key returns this household. */
  @Property({ type: 'text', nullable: true })
  idempotencyKey: string | null = null;

  /** When the retention job anonymised the personal fields (PIPL 第十九条); null while they are held. */
  @Property({ type: 'timestamptz', nullable: true })
  anonymisedAt: Date | null = null;

  /** When the data subject withdrew consent (PIPL 第十五条): no new processing from then on. */
  @Property({ type: 'timestamptz', nullable: true })
  consentWithdrawnAt: Date | null = null;

  /** Who recorded the withdrawal (the staff member's subject). */
  @Property({ type: 'text', nullable: true })
  consentWithdrawnBy: string | null = null;

  /** The basis of the withdrawal as recorded, e.g. 本人书面撤回同意. */
  @Property({ type: 'text', nullable: true })
  consentWithdrawalReason: string | null = null;
}

/** 家庭成员 — one person of a household; every field but `relation` is personal. */
@Entity({ tableName: 'household_member' })
export class HouseholdMember extends BaseEntity {
  get typeName(): string {
    return 'HouseholdMember';
  }

  @ManyToOne(() => Household, { ref: true, deleteRule: 'cascade' })
  household!: Ref<Household>;

  /** Order within the household, from 0. */
  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  idNumber: string | null = null;

  /** A calendar date (YYYY-MM-DD), kept as a string end to end. */
  @Property({ type: 'date', nullable: true })
  birthDate: string | null = null;

  @Property({ type: 'text' })
  relation!: string;

  @Property({ type: 'boolean', nullable: true })
  disability: boolean | null = null;

  @Property({ type: 'boolean', nullable: true })
  chronicIllness: boolean | null = null;

  @Property({ type: 'text', nullable: true })
  phone: string | null = null;
}
