import { Entity, Enum, Index, ManyToOne, Property, Unique, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../core/base.entity';
import type { EmergencyType } from '../../core/vocabulary';
import { Area } from '../areas';
import { Household } from '../households';
import { EmergencyCaseStatus, IntakeChannel } from './case.enums';
import { CASE_LIFECYCLE } from './case.lifecycle';

/**
 * 急难事件. The reporter's name, phone and the address are personal data: stored for the
 * caseworker, never exposed to the public, never logged.
 */
@Entity({ tableName: 'emergency_case' })
@Unique({ name: 'emergency_case_idempotency_unique', properties: ['idempotencyScope', 'idempotencyKey'] })
export class EmergencyCase extends BaseEntity {
  get typeName(): string {
    return 'EmergencyCase';
  }

  @Property({ type: 'text', unique: true })
  reference!: string;

  @Property({ type: 'text' })
  emergencyType!: EmergencyType;

  @Property({ type: 'timestamptz' })
  occurredAt!: Date;

  @Index()
  @ManyToOne(() => Area, { ref: true })
  area!: Ref<Area>;

  /** The street's code, kept beside the reference for jurisdiction checks without a join. */
  @Index()
  @Property({ type: 'text' })
  areaCode!: string;

  @Property({ type: 'text' })
  description!: string;

  @Enum({ items: () => IntakeChannel, nativeEnumName: 'intake_channel' })
  channel!: IntakeChannel;

  @Property({ type: 'text', nullable: true })
  address: string | null = null;

  @Property({ type: 'text', nullable: true })
  reporterName: string | null = null;

  @Property({ type: 'text', nullable: true })
  reporterPhone: string | null = null;

  @Property({ type: 'text' })
  idempotencyKey!: string;

  /**
   * Whose key it is: the intake channel and the caller (`HOTLINE:<token subject>`, `WEB:public`), so two
   * callers' keys never meet. `legacy` for reports recorded before keys were scoped: any caller's key
   * finds those, as it did then.
   */
  @Property({ type: 'text', default: 'legacy' })
  idempotencyScope!: string;

  /** A hash of the report, to tell a replay from a different report under the same key. */
  @Property({ type: 'text' })
  requestHash!: string;

  /** HMAC of the tracking code given to the reporter (case-tracking.ts); the code itself is never stored. */
  @Property({ type: 'text', nullable: true })
  trackingHash: string | null = null;

  @Index()
  @Enum({ items: () => EmergencyCaseStatus, nativeEnumName: 'emergency_case_status' })
  status: EmergencyCaseStatus = CASE_LIFECYCLE.initial;

  @Property({ type: 'boolean', default: false })
  expedited: boolean = false;

  @Property({ type: 'text', nullable: true })
  ownerSubject: string | null = null;

  @Property({ type: 'text', nullable: true })
  ownerRole: string | null = null;

  @Property({ type: 'text', nullable: true })
  ownerOrganizationId: string | null = null;

  @Property({ type: 'text', nullable: true })
  ownerAreaCode: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null = null;

  @Property({ type: 'timestamptz' })
  verifyDueAt!: Date;

  @Property({ type: 'timestamptz' })
  respondDueAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  verifiedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  firstAssistedAt: Date | null = null;

  /** Linked when the case is verified. */
  @ManyToOne(() => Household, { ref: true, nullable: true })
  household: Ref<Household> | null = null;

  @Property({ type: 'text', nullable: true })
  verificationNote: string | null = null;

  @Property({ type: 'text', nullable: true })
  verifiedBy: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  expeditedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  assistedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  closedAt: Date | null = null;

  /** When the retention job anonymised the case's personal fields (its household's retention ran out). */
  @Property({ type: 'timestamptz', nullable: true })
  anonymisedAt: Date | null = null;
}
