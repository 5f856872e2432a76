import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Node } from '../../core/relay';
import { DateScalar } from '../../core/scalars';
import { UserError } from '../../core/user-error';
import { HouseholdCategory, Registration } from '../../core/vocabulary';
import { type Household } from './household.entity';

/**
 * 家庭 as GraphQL sees it: the Household entity is the root, every field goes through a
 * resolver that checks the viewer's access and audits personal reads (household.resolver.ts).
 */
@ObjectType('Household', {
  implements: Node,
  description:
    '家庭 — a household’s file (personal data): category, registration, income, address and members; ' +
    'visible by jurisdiction, every read of a personal field audited.',
})
export class HouseholdType extends Node {}

/** One member as resolved for a viewer: what it may not see, or did not ask for, is null. */
@ObjectType('HouseholdMember', {
  description: '家庭成员 — one person of a household; every field but the relation is personal data.',
})
export class HouseholdMemberType {
  @Field(() => String, { nullable: true, description: '姓名 — the member’s name (personal).' })
  name!: string | null;

  @Field(() => String, {
    nullable: true,
    description: '身份证号 — 居民身份证号 (personal); auditors see it masked, e.g. 310101********123X.',
  })
  idNumber!: string | null;

  @Field(() => DateScalar, { nullable: true, description: '出生日期 — date of birth (personal).' })
  birthDate!: string | null;

  @Field({ description: '与户主关系 — relation to the head of household, e.g. 户主, 配偶, 子女.' })
  relation!: string;

  @Field(() => String, { nullable: true, description: '联系电话 — phone (personal).' })
  phone!: string | null;

  @Field(() => Boolean, { nullable: true, description: '残疾 — has a disability (personal, health); null: unknown.' })
  disability!: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: '慢性病 — has a chronic illness (personal, health); null: unknown.',
  })
  chronicIllness!: boolean | null;
}

@InputType({ description: '家庭成员输入 — one member of a new household.' })
export class HouseholdMemberInput {
  @Field({ description: '姓名 — the member’s name.' })
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: '身份证号 — 18-character 居民身份证号 with a valid check digit (GB 11643).',
  })
  idNumber?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: '出生日期 — date of birth; taken from the ID number when omitted.',
  })
  birthDate?: string | null;

  @Field({ description: '与户主关系 — relation to the head of household, e.g. 户主, 配偶, 子女.' })
  relation!: string;

  @Field(() => Boolean, { nullable: true, description: '残疾 — has a disability; omitted = unknown.' })
  disability?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: '慢性病 — has a chronic illness; omitted = unknown.' })
  chronicIllness?: boolean | null;

  @Field(() => String, { nullable: true, description: '联系电话 — a mobile or landline number.' })
  phone?: string | null;
}

@InputType({ description: '新建家庭 — record a household’s file (caseworkers and coordinators of its street).' })
export class HouseholdCreateInput {
  @Field({ description: '街镇代码 — the street or town where the household lives; within your jurisdiction.' })
  areaCode!: string;

  @Field({ description: '地址 — the household’s address (personal).' })
  address!: string;

  @Field(() => HouseholdCategory, { description: '家庭类别 — the household’s social-assistance category.' })
  category!: HouseholdCategory;

  @Field(() => Registration, { description: '户籍 — the household’s registration.' })
  registration!: Registration;

  @Field(() => Int, {
    nullable: true,
    description: '月人均收入 — monthly income per capita in fen; omitted = unknown (never zero by default).',
  })
  monthlyIncomePerCapitaFen?: number | null;

  @Field(() => [HouseholdMemberInput], { description: '家庭成员 — at least one member, the head first.' })
  members!: HouseholdMemberInput[];

  @Field({
    description: '处理依据 — the legal basis or consent under which the data is recorded (PIPL 第十三条); required.',
  })
  consentBasis!: string;

  @Field(() => String, {
    nullable: true,
    description:
      '幂等键 — your unique key for this registration; a retry with the same key returns the household first recorded with it.',
  })
  idempotencyKey?: string | null;
}

@ObjectType({ description: '家庭操作结果 — the household, or why the mutation failed.' })
export class HouseholdPayload {
  @Field(() => HouseholdType, { nullable: true, description: '家庭 — the household; null when the mutation failed.' })
  household!: Household | null;

  @Field(() => [UserError], { description: '错误 — expected failures; empty on success.' })
  userErrors!: UserError[];
}

@InputType({ description: '撤回同意输入 — the household whose subject withdrew consent, and the basis recorded.' })
export class HouseholdConsentWithdrawInput {
  @Field(() => ID, { description: '家庭 — the household’s global ID.' })
  householdId!: string;

  @Field({
    description: '撤回依据 — how and when the subject withdrew consent, e.g. 本人于窗口书面撤回 (2–2000 characters).',
  })
  reason!: string;
}

@ObjectType('ConsentWithdrawal', {
  description: '撤回同意 — the record of a withdrawal of consent (PIPL 第十五条): who recorded it, when, on what basis.',
})
export class ConsentWithdrawalType {
  @Field(() => Date, { description: '撤回时间 — when the withdrawal was recorded.' })
  at!: Date;

  @Field({ description: '记录人 — the staff member who recorded it (token subject).' })
  recordedBy!: string;

  @Field({ description: '撤回依据 — the basis recorded; 〔已匿名化〕 once the file is anonymised.' })
  reason!: string;
}
