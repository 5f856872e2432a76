import { ref, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { HubContext } from '../../core/context';
import { Role, viewerCovers, doesCasework } from '../../core/auth';
import { ForbiddenError } from '../../core/errors';
import { localId, toGlobalId } from '../../core/relay';
import { failure, success, userError, UserErrorCode, type Outcome, type UserError } from '../../core/user-error';
import { appendEvents } from '../../events/outbox';
import { Area } from '../areas';
import { actorOf, auditStep, AuditAction, AuditPurpose } from '../audit';
import { validateHousehold } from './household-input';
import { Household, HouseholdMember } from './household.entity';
import { householdEvent } from './household.events';
import {
  MEMBER_FIELDS,
  READABLE,
  type HouseholdAccess,
  type MemberField,
  type PersonalField,
  type PersonalReadKey,
} from './household-read';
import type { HouseholdConsentWithdrawInput, HouseholdCreateInput, HouseholdMemberType } from './household.types';

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

  /**
   * A field of the file every level but CONTACT may see (category, registration: FORBIDDEN otherwise),
   * read and audited like the personal fields.
   */
  async fileField<T>(ctx: HubContext, household: Household, field: 'category' | 'registration'): Promise<T> {
    const level = await this.access(ctx, household);
    if (level !== 'FULL' && level !== 'AUDIT')
      throw new ForbiddenError('无权查看该家庭的此项信息 (not visible to you)');
    return (await ctx.loaders.householdPersonal.load(this.key(ctx, household, level, field))) as T;
  }

  /** The consent basis: metadata of the file, for casework and supervision only (null otherwise); audited. */
  consentBasis(ctx: HubContext, household: Household): Promise<string | null> {
    return this.personal<string>(ctx, household, 'consentBasis');
  }

  /**
   * 撤回同意 (PIPL 第十五条): a caseworker or coordinator of the household's jurisdiction records that its
   * subject withdrew consent — who, when, on what basis — with an audit entry and an event (no personal
   * data). From then on new needs, matching, referrals, screening and new cases refuse it (CONSENT_WITHDRAWN);
   * referrals already made can be finished; what the law requires stays: the aid chain, the audit trail and the
   * file itself until its retention runs out.
   */
  async withdrawConsent(ctx: HubContext, input: HouseholdConsentWithdrawInput): Promise<Outcome<Household>> {
    const viewer = ctx.viewer;
    if (!viewer || !doesCasework(viewer)) throw new ForbiddenError();
    const id = localId(input.householdId, 'Household');
    const found = id ? await ctx.loaders.householdById.load(id) : null;
    if (!found || !viewerCovers(viewer, found.areaCode)) {
      if (found) throw new ForbiddenError('该家庭不在您的管辖范围内 (outside your jurisdiction)');
      return failure(userError(UserErrorCode.NOT_FOUND, '家庭不存在 (household not found)', ['householdId']));
    }
    const reason = input.reason?.trim() ?? '';
    if (reason.length < 2 || reason.length > 2000)
      return failure(
        userError(UserErrorCode.INVALID, '撤回依据须为 2 至 2000 个字符 (say on what basis, 2–2000 characters)', [
          'reason',
        ]),
      );
    const now = ctx.clock.now();
    const withdrawn = await ctx.em.fork().transactional(async (tx) => {
      const rows = await tx.execute<{ id: string }[]>(
        `update household set consent_withdrawn_at = ?, consent_withdrawn_by = ?, consent_withdrawal_reason = ?,
           updated_at = ? where id = ? and consent_withdrawn_at is null and anonymised_at is null returning id`,
        [now, viewer.subject, reason, now, found.id],
      );
      if (rows.length === 0) return false;
      await auditStep(tx, ctx, {
        action: AuditAction.WITHDRAW_CONSENT,
        subjectType: 'Household',
        subjectId: found.id,
        fields: ['consentWithdrawnAt', 'consentWithdrawalReason'],
        purpose: AuditPurpose.DATA_SUBJECT_REQUEST,
      });
      await appendEvents(tx, [householdEvent(found, 'HouseholdConsentWithdrawn', viewer.subject)]);
      return true;
    });
    if (!withdrawn)
      return failure(
        userError(
          UserErrorCode.WRONG_STATE,
          '该家庭已撤回同意或已匿名化 (consent already withdrawn, or the data anonymised)',
          ['householdId'],
        ),
      );
    ctx.loaders.householdById.clear(found.id);
    return success((await ctx.loaders.householdById.load(found.id))!);
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
    const key = input.idempotencyKey?.trim() || null;
    if (key !== null && key.length > 200)
      return failure(userError(UserErrorCode.INVALID, '幂等键过长 (at most 200 characters)', ['idempotencyKey']));
    // A retry of the same registration (same caller, same key) returns what the first one recorded.
    const replayed = key ? await this.byKey(ctx, viewer.subject, key) : null;
    if (replayed) return success(replayed);
    const duplicates = await this.duplicates(ctx, valid.members);
    if (duplicates.length) return failure(...duplicates);

    const household = Object.assign(new Household(), {
      area: ctx.em.getReference(Area, area!.id, { wrapped: true }),
      areaCode: area!.code,
      address: valid.address,
      category: input.category,
      registration: input.registration,
      monthlyIncomePerCapitaFen: valid.monthlyIncomePerCapitaFen,
      consentBasis: valid.consentBasis,
      createdBy: viewer.subject,
      idempotencyKey: key,
    });
    const members = valid.members.map((m, position) =>
      Object.assign(new HouseholdMember(), { ...m, position, household: ref(household) }),
    );
    try {
      await this.insert(ctx, household, members, valid.fieldsWritten);
    } catch (error) {
      // Lost a race with a concurrent registration: the same key, or the same person.
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      const again = key ? await this.byKey(ctx, viewer.subject, key) : null;
      if (again) return success(again);
      const raced = await this.duplicates(ctx, valid.members);
      return failure(...(raced.length ? raced : [duplicateError(null, ['members'])]));
    }
    return success(household);
  }

  private async insert(
    ctx: HubContext,
    household: Household,
    members: HouseholdMember[],
    fieldsWritten: string[],
  ): Promise<void> {
    const viewer = ctx.viewer!;
    await ctx.em.fork().transactional(async (tx) => {
      tx.persist(household);
      for (const member of members) tx.persist(member);
      await tx.flush();
      await auditStep(tx, ctx, {
        action: AuditAction.CREATE,
        subjectType: 'Household',
        subjectId: household.id,
        fields: fieldsWritten,
        purpose: AuditPurpose.CASEWORK,
      });
      await appendEvents(tx, [householdEvent(household, 'HouseholdRecorded', viewer.subject)]);
    });
  }

  private async byKey(ctx: HubContext, subject: string, key: string): Promise<Household | null> {
    const [row] = await ctx.em
      .fork()
      .getConnection()
      .execute<{ id: string }[]>('select id from household where created_by = ? and idempotency_key = ?', [
        subject,
        key,
      ]);
    return row ? ctx.loaders.householdById.load(row.id) : null;
  }

  /**
   * A member whose ID number is already registered: one person is in one household of the city, so
   * the duplicate-aid check sees all of their aid. The error names the existing household to staff
   * who may see it, and only that it exists to anyone else.
   */
  private async duplicates(ctx: HubContext, members: { idNumber: string | null }[]): Promise<UserError[]> {
    const ids = members.map((m) => m.idNumber).filter((id): id is string => !!id);
    if (ids.length === 0) return [];
    const rows = await ctx.em
      .fork()
      .getConnection()
      .execute<{ id_number: string; household_id: string }[]>(
        'select id_number, household_id from household_member where id_number = any(?::text[])',
        [`{${ids.join(',')}}`],
      );
    const errors: UserError[] = [];
    for (const [i, m] of members.entries()) {
      const row = rows.find((r) => r.id_number === m.idNumber);
      if (!row) continue;
      const existing = await ctx.loaders.householdById.load(row.household_id);
      const level = existing ? await this.access(ctx, existing) : 'NONE';
      errors.push(
        duplicateError(level === 'FULL' || level === 'AUDIT' ? row.household_id : null, [
          'members',
          String(i),
          'idNumber',
        ]),
      );
    }
    return errors;
  }
}

function duplicateError(householdId: string | null, field: string[]): UserError {
  return userError(
    UserErrorCode.DUPLICATE,
    householdId
      ? `该身份证号已登记在家庭 ${toGlobalId('Household', householdId)} (already registered in that household: update it instead)`
      : '该身份证号已在本市登记 (already registered in another household of the city)',
    field,
  );
}
