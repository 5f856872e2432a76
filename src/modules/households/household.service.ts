import { ref } from '@mikro-orm/core';
import type { HubContext } from '../../core/context';
import { Role, viewerCovers, doesCasework } from '../../core/auth';
import { ForbiddenError } from '../../core/errors';
import { localId } from '../../core/relay';
import { failure, success, type Outcome } from '../../core/user-error';
import { appendEvents } from '../../events/outbox';
import { Area } from '../areas/area.entity';
import { actorOf, AuditAction, AuditPurpose, writeAuditEntries } from '../audit/audit';
import { validateHousehold } from './household-input';
import { Household, HouseholdMember } from './household.entity';
import {
  MEMBER_FIELDS,
  READABLE,
  type HouseholdAccess,
  type MemberField,
  type PersonalField,
  type PersonalReadKey,
} from './household-read';
import type { HouseholdCreateInput, HouseholdMemberType } from './household.types';

export type { HouseholdAccess } from './household-read';

export class HouseholdService {
  /**
   * What the viewer may see of the household: FULL (caseworkers and coordinators of its
   * jurisdiction), AUDIT (auditors of it: ID numbers masked), CONTACT (an organisation an active
   * referral of one of its cases is addressed to: names, phones, address) or NONE.
   */
  async access(ctx: HubContext, household: Household): Promise<HouseholdAccess> {
    const viewer = ctx.viewer;
    if (!viewer) return 'NONE';
    if (viewerCovers(viewer, household.areaCode)) {
      if (doesCasework(viewer)) return 'FULL';
      if (viewer.role === Role.AUDITOR) return 'AUDIT';
    }
    const organizationId = viewer.organizationId && localId(viewer.organizationId, 'Organization');
    if (!organizationId) return 'NONE';
    const referred = await ctx.loaders.householdReferralOrganizations.load(household.id);
    return referred.some((r) => r.organizationId === organizationId) ? 'CONTACT' : 'NONE';
  }

  /** The household, when the viewer may see anything of it; its personal columns are not loaded. */
  async get(ctx: HubContext, id: string): Promise<Household | null> {
    const household = await ctx.loaders.householdById.load(id);
    return household && (await this.access(ctx, household)) !== 'NONE' ? household : null;
  }

  byGlobalId(ctx: HubContext, globalId: string): Promise<Household | null> {
    const id = localId(globalId, 'Household');
    return id ? this.get(ctx, id) : Promise.resolve(null);
  }

  /** A non-personal field every level but CONTACT may see (category, registration): FORBIDDEN otherwise. */
  async requireCasework(ctx: HubContext, household: Household): Promise<void> {
    const level = await this.access(ctx, household);
    if (level !== 'FULL' && level !== 'AUDIT')
      throw new ForbiddenError('无权查看该家庭的此项信息 (not visible to you)');
  }

  /** The consent basis: metadata of the file, for casework and supervision only. */
  async consentBasis(ctx: HubContext, household: Household): Promise<string | null> {
    const level = await this.access(ctx, household);
    return level === 'FULL' || level === 'AUDIT' ? household.consentBasis : null;
  }

  /** A personal field of the household, read and audited; null when the viewer may not see it. */
  async personal<T>(ctx: HubContext, household: Household, field: PersonalField): Promise<T | null> {
    const level = await this.access(ctx, household);
    if (level === 'NONE' || !READABLE[level].has(field)) return null;
    return (await ctx.loaders.householdPersonal.load(this.key(ctx, household, level, field))) as T | null;
  }

  /**
   * The members with the requested fields the viewer may see (each read audited); the rest null.
   * Null when the viewer may see nothing of the household.
   */
  async members(
    ctx: HubContext,
    household: Household,
    requested: ReadonlySet<string>,
  ): Promise<HouseholdMemberType[] | null> {
    const level = await this.access(ctx, household);
    if (level === 'NONE') return null;
    const fields = MEMBER_FIELDS.filter((f) => requested.has(f) && READABLE[level].has(`members.${f}`));
    const keys = [
      this.key(ctx, household, level, 'members'),
      ...fields.map((f) => this.key(ctx, household, level, `members.${f}`)),
    ];
    const [relations, ...values] = (await ctx.loaders.householdPersonal.loadMany(keys)).map((v) => {
      if (v instanceof Error) throw v;
      return (v ?? []) as unknown[];
    });
    return (relations as string[]).map((relation, i) => {
      const member: Record<string, unknown> = { relation };
      for (const f of MEMBER_FIELDS) member[f] = null;
      fields.forEach((f: MemberField, j) => (member[f] = values[j]![i] ?? null));
      return member as unknown as HouseholdMemberType;
    });
  }

  private key(
    ctx: HubContext,
    household: Household,
    level: Exclude<HouseholdAccess, 'NONE'>,
    field: PersonalReadKey['field'],
  ): PersonalReadKey {
    return { householdId: household.id, field, level, actor: actorOf(ctx), requestId: ctx.requestId };
  }

  /** One transaction: the household, its members, the CREATE audit entry and a HouseholdRecorded event. */
  async create(ctx: HubContext, input: HouseholdCreateInput): Promise<Outcome<Household>> {
    const viewer = ctx.viewer;
    if (!viewer || !doesCasework(viewer)) throw new ForbiddenError();
    const area = input.areaCode ? await ctx.loaders.areaByCode.load(input.areaCode) : null;
    if (area && !viewerCovers(viewer, area.code))
      throw new ForbiddenError('该区划不在您的管辖范围内 (outside your jurisdiction)');
    const checked = validateHousehold(input, area);
    if (!checked.ok) return failure(...checked.errors);
    const valid = checked.value;

    const household = Object.assign(new Household(), {
      area: ctx.em.getReference(Area, area!.id, { wrapped: true }),
      areaCode: area!.code,
      address: valid.address,
      category: input.category,
      registration: input.registration,
      monthlyIncomePerCapitaFen: valid.monthlyIncomePerCapitaFen,
      consentBasis: valid.consentBasis,
      createdBy: viewer.subject,
    });
    const members = valid.members.map((m, position) =>
      Object.assign(new HouseholdMember(), { ...m, position, household: ref(household) }),
    );
    await ctx.em.fork().transactional(async (tx) => {
      tx.persist(household);
      for (const member of members) tx.persist(member);
      await tx.flush();
      await writeAuditEntries(
        tx,
        actorOf(ctx),
        [
          {
            action: AuditAction.CREATE,
            subjectType: 'Household',
            subjectId: household.id,
            fields: valid.fieldsWritten,
            purpose: AuditPurpose.CASEWORK,
          },
        ],
        ctx.requestId,
      );
      // No personal data in events: they fan out to every instance and subscriber.
      await appendEvents(tx, [
        {
          type: 'HouseholdRecorded',
          aggregateType: 'Household',
          aggregateId: household.id,
          payload: { householdId: household.id, areaCode: household.areaCode },
          actor: viewer.subject,
        },
      ]);
    });
    return success(household);
  }
}
