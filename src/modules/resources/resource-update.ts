import { LockMode } from '@mikro-orm/core';
import { Field, ID, InputType, Int } from 'type-graphql';
import type { HubContext } from '../../core/context';
import { toGlobalId } from '../../core/relay';
import { JSONScalar } from '../../core/scalars';
import {
  failure,
  invalid,
  success,
  userError,
  UserErrorCode,
  type Outcome,
  type UserError,
} from '../../core/user-error';
import { AssistanceForm, EmergencyType } from '../../core/vocabulary';
import { appendEvents } from '../../events/outbox';
import type { SearchIndex } from '../../search/search-index';
import { Policy } from '../policies';
import type { Organization } from '../organizations';
import { RESOURCE_EVENTS, resourceEvent, resourceSearchDocument } from './resource-documents';
import { checkResourceInput, type AnyResourceInput } from './resource-input';
import { Resource } from './resource.entity';
import { ResourceKind, ResourceStatus } from './resource.enums';
import { CapacityInput, DonationItemInput } from './resource.types';

@InputType({
  description:
    '修改资源 — the fields to change; a field left out keeps its value, null clears it. ' +
    'Drafts and paused resources take every field; a published or exhausted one only its title, description and contact.',
})
export class ResourceUpdateInput {
  @Field(() => ID, { description: '资源 — the resource’s ID.' })
  id!: string;

  @Field(() => String, { nullable: true, description: '名称 — the title.' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: '说明 — the description.' })
  description?: string | null;

  @Field(() => String, { nullable: true, description: '联系方式 — how to reach the provider; null clears it.' })
  contact?: string | null;

  @Field(() => [AssistanceForm], { nullable: true, description: '救助形式 — at least one form.' })
  forms?: AssistanceForm[] | null;

  @Field(() => [EmergencyType], { nullable: true, description: '急难类型 — at least one emergency type.' })
  emergencyTypes?: EmergencyType[] | null;

  @Field(() => [String], { nullable: true, description: '服务区划 — codes of the areas served.' })
  serviceAreaCodes?: string[] | null;

  @Field(() => JSONScalar, {
    nullable: true,
    description: '资格规则 — the eligibility rule tree, validated as on create; null = open to all in the area.',
  })
  eligibilityRules?: unknown;

  @Field(() => String, {
    nullable: true,
    description: '资格说明 — the rules in words; null (or new rules without it) generates it.',
  })
  eligibilityDescription?: string | null;

  @Field(() => CapacityInput, {
    nullable: true,
    description: '容量 — the new total (not below what is already taken); null = unlimited.',
  })
  capacity?: CapacityInput | null;

  @Field(() => Date, { nullable: true, description: '开始时间 — available from; null clears it.' })
  availableFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: '截止时间 — available until; null clears it.' })
  availableUntil?: Date | null;

  @Field(() => ID, { nullable: true, description: '政策依据 — the policy it rests on; null clears it.' })
  legalBasisId?: string | null;

  @Field(() => String, { nullable: true, description: '资金来源 — fund source (government programmes).' })
  fundSource?: string | null;

  @Field(() => Int, { nullable: true, description: '救助上限(分) — benefit cap per case (government programmes).' })
  benefitCapFen?: number | null;

  @Field(() => Int, { nullable: true, description: '项目预算(分) — budget in fen (charity projects).' })
  budgetFen?: number | null;

  @Field(() => [DonationItemInput], { nullable: true, description: '物品 — donated items (donations).' })
  items?: DonationItemInput[] | null;

  @Field(() => Int, { nullable: true, description: '捐赠金额(分) — cash donated, in fen (donations).' })
  cashFen?: number | null;

  @Field(() => [String], { nullable: true, description: '技能 — skills offered (volunteer offers).' })
  skills?: string[] | null;

  @Field(() => Int, { nullable: true, description: '每周时长 — hours per week, 0–168 (volunteer offers).' })
  hoursPerWeek?: number | null;
}

/** Fields that say what the resource is and no more: a live resource may change them. */
const WORDING = ['title', 'description', 'contact'] as const;
/** Every status in which a resource may still be edited, and what it may change there. */
const EDITABLE: Partial<Record<ResourceStatus, 'ALL' | 'WORDING'>> = {
  [ResourceStatus.DRAFT]: 'ALL',
  [ResourceStatus.PAUSED]: 'ALL',
  [ResourceStatus.PUBLISHED]: 'WORDING',
  [ResourceStatus.EXHAUSTED]: 'WORDING',
};
/** The kind-specific fields, and the kind each belongs to. */
const KIND_FIELDS = {
  fundSource: ResourceKind.GOVERNMENT_PROGRAMME,
  benefitCapFen: ResourceKind.GOVERNMENT_PROGRAMME,
  budgetFen: ResourceKind.CHARITY_PROJECT,
  items: ResourceKind.DONATION,
  cashFen: ResourceKind.DONATION,
  skills: ResourceKind.VOLUNTEER_OFFER,
  hoursPerWeek: ResourceKind.VOLUNTEER_OFFER,
} as const satisfies Partial<Record<keyof ResourceUpdateInput, ResourceKind>>;
/** Fields that may not be cleared: the resource cannot be without them. */
const REQUIRED = ['title', 'description', 'forms', 'emergencyTypes', 'serviceAreaCodes'] as const;

type Field = Exclude<keyof ResourceUpdateInput, 'id'>;

function given(input: ResourceUpdateInput): Field[] {
  return (Object.keys(input) as (keyof ResourceUpdateInput)[]).filter(
    (k): k is Field => k !== 'id' && input[k] !== undefined,
  );
}

/** The resource as a create input, with the given fields put over it: validated exactly as on create. */
function merged(resource: Resource, input: ResourceUpdateInput): AnyResourceInput {
  const pick = <K extends Field>(key: K, current: ResourceUpdateInput[K]) =>
    input[key] !== undefined ? input[key] : current;
  const capacity =
    resource.capacityUnit !== null && resource.capacityTotal !== null
      ? { unit: resource.capacityUnit, total: resource.capacityTotal }
      : null;
  return {
    providerId: toGlobalId('Organization', resource.provider.id),
    title: pick('title', resource.title)!,
    description: pick('description', resource.description)!,
    contact: pick('contact', resource.contact),
    forms: pick('forms', resource.forms)!,
    emergencyTypes: pick('emergencyTypes', resource.emergencyTypes)!,
    serviceAreaCodes: pick('serviceAreaCodes', resource.serviceAreaCodes)!,
    eligibilityRules: pick('eligibilityRules', resource.eligibilityRules),
    // New rules read anew unless a description comes with them.
    eligibilityDescription:
      input.eligibilityDescription !== undefined || input.eligibilityRules !== undefined
        ? input.eligibilityDescription
        : resource.eligibilityDescription,
    capacity: pick('capacity', capacity),
    availableFrom: pick('availableFrom', resource.availableFrom),
    availableUntil: pick('availableUntil', resource.availableUntil),
    legalBasisId: pick('legalBasisId', resource.legalBasis ? toGlobalId('Policy', resource.legalBasis.id) : null),
    fundSource: pick('fundSource', resource.fundSource),
    benefitCapFen: pick('benefitCapFen', resource.benefitCapFen),
    budgetFen: pick('budgetFen', resource.budgetFen),
    items: pick('items', resource.items),
    cashFen: pick('cashFen', resource.cashFen),
    skills: pick('skills', resource.skills),
    hoursPerWeek: pick('hoursPerWeek', resource.hoursPerWeek),
  };
}

export interface UpdateDeps {
  visible(resource: Resource): boolean;
  /** Throws FORBIDDEN when the viewer may not act for the provider in these service areas. */
  mayActFor(provider: Organization, kind: ResourceKind, serviceAreaCodes: readonly string[]): void;
  search: SearchIndex;
}

/**
 * 修改资源: under the resource's row lock (capacity reservations and releases wait), so the status
 * checked is the status changed and what is taken of the capacity is counted exactly.
 */
export async function updateResource(
  ctx: HubContext,
  id: string | null,
  input: ResourceUpdateInput,
  deps: UpdateDeps,
): Promise<Outcome<Resource>> {
  const fields = given(input);
  const notFound = () =>
    failure<Resource>(userError(UserErrorCode.NOT_FOUND, '资源不存在 (resource not found)', ['id']));
  if (!id) return notFound();
  if (fields.length === 0) return failure(invalid([], '没有要修改的字段 (nothing to change)'));
  return ctx.em.transactional(async (tx) => {
    const resource = await tx.findOne(Resource, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!resource || !deps.visible(resource)) return notFound();
    // A coordinator acts within its jurisdiction: for the areas the resource serves now and those it is to serve.
    const provider = (await ctx.loaders.organizationById.load(resource.provider.id))!;
    deps.mayActFor(provider, resource.kind, resource.serviceAreaCodes);
    if (input.serviceAreaCodes) deps.mayActFor(provider, resource.kind, input.serviceAreaCodes);

    const expired = resource.availableUntil !== null && resource.availableUntil <= ctx.clock.now();
    const scope = expired && resource.status === ResourceStatus.PUBLISHED ? undefined : EDITABLE[resource.status];
    if (!scope) {
      const status = expired ? ResourceStatus.EXPIRED : resource.status;
      return failure<Resource>(
        userError(UserErrorCode.WRONG_STATE, `资源状态为 ${status}，不能修改 (a ${status} resource cannot be edited)`, [
          'id',
        ]),
      );
    }
    const errors: UserError[] = [];
    for (const field of fields) {
      const kind = (KIND_FIELDS as Partial<Record<Field, ResourceKind>>)[field];
      if (kind && kind !== resource.kind) {
        errors.push(invalid([field], `${resource.kind} 类资源没有此字段 (not a field of a ${resource.kind})`));
      } else if (scope === 'WORDING' && !(WORDING as readonly string[]).includes(field)) {
        errors.push(
          userError(
            UserErrorCode.WRONG_STATE,
            '已发布的资源只能修改名称、说明和联系方式；修改条件或容量请先暂停 (pause it to change more than its wording)',
            [field],
          ),
        );
      } else if ((REQUIRED as readonly string[]).includes(field) && input[field] === null) {
        errors.push(invalid([field], '此字段不能清空 (this field cannot be cleared)'));
      }
    }
    if (errors.length) return failure<Resource>(...errors);

    const checked = await checkResourceInput(ctx.forTransaction(tx), merged(resource, input));
    if (!checked.ok) return failure<Resource>(...checked.errors);
    const { legalBasis, capacityTotal, capacityUnit, ...values } = checked.value;

    // Capacity: what is taken stays taken; the new total may not be below it.
    let capacityRemaining = resource.capacityRemaining;
    if (input.capacity !== undefined) {
      const limited = resource.capacityUnit !== null && resource.capacityTotal !== null;
      const taken = limited ? resource.capacityTotal! - (resource.capacityRemaining ?? 0) : 0;
      if (capacityTotal !== null && taken > 0 && capacityUnit !== resource.capacityUnit) {
        return failure<Resource>(
          invalid(['capacity', 'unit'], '已有占用，不能更改容量单位 (capacity is in use; its unit cannot change)'),
        );
      }
      if (capacityTotal !== null && capacityTotal < taken) {
        return failure<Resource>(
          invalid(['capacity', 'total'], `总量不能低于已占用的 ${taken} (the total cannot go below what is taken)`),
        );
      }
      capacityRemaining = capacityTotal === null ? null : capacityTotal - taken;
    }
    Object.assign(resource, values, {
      capacityUnit,
      capacityTotal,
      capacityRemaining,
      legalBasis: legalBasis ? tx.getReference(Policy, legalBasis.id, { wrapped: true }) : null,
    });
    await tx.flush();
    await deps.search.upsert(tx, [resourceSearchDocument(resource)]);
    await appendEvents(tx, [resourceEvent(RESOURCE_EVENTS.updated, resource, ctx.viewer?.subject ?? null)]);
    return success(resource);
  });
}
