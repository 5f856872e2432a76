import { BeforeCreate, Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { hsdsIdFor } from '../../core/hsds-id';
import { BaseEntity } from '../../core/base.entity';
import type { AssistanceForm, EmergencyType } from '../../core/vocabulary';
import type { Rule } from '../../rules';
import { Organization } from '../organizations';
import { Policy } from '../policies';
import { ResourceKind, ResourceStatus } from './resource.enums';

/** A donated item: name, quantity, unit and, for perishables, an expiry date. */
export interface DonationItem {
  name: string;
  quantity: number;
  unit: string;
  expiresOn: string | null;
}

/**
 * One table for every kind of resource (single-table inheritance on `kind`). Kind-specific
 * columns are nullable; each GraphQL type exposes only its own.
 */
@Entity({ tableName: 'resource', discriminatorColumn: 'kind', abstract: true })
export abstract class Resource extends BaseEntity {
  get typeName(): string {
    return KIND_TYPE_NAMES[this.kind];
  }

  @Enum({ items: () => ResourceKind, nativeEnumName: 'resource_kind' })
  kind!: ResourceKind;

  /** Its id in the HSDS export (hsdsIdFor its global id), stored so `GET /hsds/services/<uuid>` is one index lookup. */
  @Property({ type: 'uuid', nullable: true, unique: 'resource_hsds_id_unique' })
  hsdsId: string | null = null;

  @BeforeCreate()
  protected assignHsdsId(): void {
    this.hsdsId ??= hsdsIdFor(this.globalId);
  }

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text' })
  description!: string;

  @Index()
  @ManyToOne(() => Organization, { ref: true })
  provider!: Ref<Organization>;

  // text[] rather than enum arrays: GIN-indexed overlap filters (`&&`) stay simple.
  @Property({ type: 'text[]' })
  forms: AssistanceForm[] = [];

  @Property({ type: 'text[]' })
  emergencyTypes: EmergencyType[] = [];

  /** The areas served, as codes (310000, 310101, 310101002). */
  @Property({ type: 'text[]' })
  serviceAreaCodes: string[] = [];

  /** The served areas and every area above them: a resource "covers" X when X is in here. */
  @Property({ type: 'text[]' })
  coverageCodes: string[] = [];

  @Property({ type: 'jsonb', nullable: true })
  eligibilityRules: Rule | null = null;

  @Property({ type: 'text', nullable: true })
  eligibilityDescription: string | null = null;

  @Property({ type: 'text', nullable: true })
  capacityUnit: string | null = null;

  @Property({ type: 'integer', nullable: true })
  capacityTotal: number | null = null;

  /** Changed only by single conditional UPDATE statements (see ResourceCapacity). */
  @Property({ type: 'integer', nullable: true })
  capacityRemaining: number | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  availableFrom: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  availableUntil: Date | null = null;

  @Index()
  @Enum({ items: () => ResourceStatus, nativeEnumName: 'resource_status' })
  status: ResourceStatus = ResourceStatus.DRAFT;

  @ManyToOne(() => Policy, { ref: true, nullable: true })
  legalBasis: Ref<Policy> | null = null;

  @Property({ type: 'text', nullable: true })
  contact: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  createdBy: string | null = null;

  // Kind-specific columns.
  @Property({ type: 'text', nullable: true })
  fundSource: string | null = null;

  @Property({ type: 'integer', nullable: true })
  benefitCapFen: number | null = null;

  @Property({ type: 'integer', nullable: true })
  budgetFen: number | null = null;

  @Property({ type: 'jsonb', nullable: true })
  items: DonationItem[] | null = null;

  @Property({ type: 'integer', nullable: true })
  cashFen: number | null = null;

  @Property({ type: 'text[]', nullable: true })
  skills: string[] | null = null;

  @Property({ type: 'integer', nullable: true })
  hoursPerWeek: number | null = null;
}

@Entity({ discriminatorValue: ResourceKind.GOVERNMENT_PROGRAMME })
export class GovernmentProgramme extends Resource {}

@Entity({ discriminatorValue: ResourceKind.CHARITY_PROJECT })
export class CharityProject extends Resource {}

@Entity({ discriminatorValue: ResourceKind.DONATION })
export class Donation extends Resource {}

@Entity({ discriminatorValue: ResourceKind.VOLUNTEER_OFFER })
export class VolunteerOffer extends Resource {}

export const KIND_TYPE_NAMES: Record<ResourceKind, string> = {
  GOVERNMENT_PROGRAMME: 'GovernmentProgramme',
  CHARITY_PROJECT: 'CharityProject',
  DONATION: 'Donation',
  VOLUNTEER_OFFER: 'VolunteerOffer',
};

/** The entity class for each kind. */
export const RESOURCE_CLASSES = {
  GOVERNMENT_PROGRAMME: GovernmentProgramme,
  CHARITY_PROJECT: CharityProject,
  DONATION: Donation,
  VOLUNTEER_OFFER: VolunteerOffer,
} as const;
