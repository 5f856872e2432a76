import type { HubContext } from '../../core/context';
import { areaAncestry } from '../../core/areas';
import { localId } from '../../core/relay';
import type { UserError } from '../../core/user-error';
import { Checks } from '../../core/validation';
import { type Policy } from '../policies';
import { describeRules, validateRules, type Rule } from '../../rules';
import type { DonationItem } from './resource.entity';
import type {
  CharityProjectCreateInput,
  DonationCreateInput,
  GovernmentProgrammeCreateInput,
  ResourceCreateFields,
  VolunteerOfferCreateInput,
} from './resource.types';

export type AnyResourceInput = ResourceCreateFields &
  Partial<GovernmentProgrammeCreateInput & CharityProjectCreateInput & DonationCreateInput & VolunteerOfferCreateInput>;

/** What a valid input becomes: column values, with the derived coverage and description. */
export interface CheckedResourceInput {
  title: string;
  description: string;
  forms: ResourceCreateFields['forms'];
  emergencyTypes: ResourceCreateFields['emergencyTypes'];
  serviceAreaCodes: string[];
  coverageCodes: string[];
  eligibilityRules: unknown;
  eligibilityDescription: string | null;
  capacityUnit: string | null;
  capacityTotal: number | null;
  availableFrom: Date | null;
  availableUntil: Date | null;
  legalBasis: Policy | null;
  contact: string | null;
  fundSource: string | null;
  benefitCapFen: number | null;
  budgetFen: number | null;
  items: DonationItem[] | null;
  cashFen: number | null;
  skills: string[] | null;
  hoursPerWeek: number | null;
}

const MAX_INT = 2_000_000_000;

function nonNegative(checks: Checks, value: number | null | undefined, path: (string | number)[], label: string): void {
  if (value === null || value === undefined) return;
  checks.check(
    Number.isInteger(value) && value >= 0 && value <= MAX_INT,
    path,
    `${label}须为 0 到 ${MAX_INT} 的整数 (must be a non-negative integer)`,
  );
}

/** Validates the common and kind-specific fields; unknown areas and policies are INVALID on their field. */
export async function checkResourceInput(
  ctx: HubContext,
  input: AnyResourceInput,
): Promise<{ ok: true; value: CheckedResourceInput } | { ok: false; errors: UserError[] }> {
  const checks = new Checks();
  checks.text(input.title, ['title'], '名称', 200);
  checks.text(input.description, ['description'], '说明', 5000);
  checks.check(input.forms.length > 0, ['forms'], '至少需要一种救助形式 (at least one form)');
  checks.check(
    input.emergencyTypes.length > 0,
    ['emergencyTypes'],
    '至少需要一种急难类型 (at least one emergency type)',
  );
  checks.check(
    input.serviceAreaCodes.length > 0,
    ['serviceAreaCodes'],
    '至少需要一个服务区划 (at least one service area)',
  );
  const areas = await ctx.loaders.areaByCode.loadMany(input.serviceAreaCodes);
  areas.forEach((area, i) => {
    if (!area || area instanceof Error)
      checks.fail(['serviceAreaCodes', i], `未知的区划代码 ${input.serviceAreaCodes[i]} (unknown area code)`);
  });

  let rules: Rule | null = null;
  if (input.eligibilityRules !== undefined && input.eligibilityRules !== null) {
    const result = validateRules(input.eligibilityRules);
    if (result.ok) rules = result.rules;
    else for (const e of result.errors) checks.fail(['eligibilityRules', ...e.path], e.message);
  }
  checks.optionalText(input.eligibilityDescription, ['eligibilityDescription'], '资格说明', 2000);

  if (input.capacity) {
    checks.text(input.capacity.unit, ['capacity', 'unit'], '容量单位', 20);
    nonNegative(checks, input.capacity.total, ['capacity', 'total'], '容量总量');
  }
  if (input.availableFrom && input.availableUntil) {
    checks.check(
      input.availableFrom < input.availableUntil,
      ['availableUntil'],
      '截止时间须晚于开始时间 (must be after availableFrom)',
    );
  }
  let legalBasis: Policy | null = null;
  if (input.legalBasisId) {
    const id = localId(input.legalBasisId, 'Policy');
    legalBasis = id ? await ctx.loaders.policyById.load(id) : null;
    if (!legalBasis) checks.fail(['legalBasisId'], '政策依据不存在 (no such policy)');
  }
  checks.optionalText(input.contact, ['contact'], '联系方式', 200);
  checks.optionalText(input.fundSource, ['fundSource'], '资金来源', 100);
  nonNegative(checks, input.benefitCapFen, ['benefitCapFen'], '救助上限');
  nonNegative(checks, input.budgetFen, ['budgetFen'], '项目预算');
  nonNegative(checks, input.cashFen, ['cashFen'], '捐赠金额');
  input.items?.forEach((item, i) => {
    checks.text(item.name, ['items', i, 'name'], '物品名称', 100);
    checks.text(item.unit, ['items', i, 'unit'], '物品单位', 20);
    checks.check(
      Number.isInteger(item.quantity) && item.quantity > 0 && item.quantity <= MAX_INT,
      ['items', i, 'quantity'],
      '数量须为正整数 (quantity must be a positive integer)',
    );
  });
  input.skills?.forEach((skill, i) => checks.text(skill, ['skills', i], '技能', 50));
  if (input.hoursPerWeek !== null && input.hoursPerWeek !== undefined) {
    checks.check(
      Number.isInteger(input.hoursPerWeek) && input.hoursPerWeek >= 0 && input.hoursPerWeek <= 168,
      ['hoursPerWeek'],
      '每周时长须在 0 到 168 之间 (0–168 hours)',
    );
  }
  if (checks.failed) return { ok: false, errors: checks.errors };

  const codes = [...new Set(input.serviceAreaCodes)];
  return {
    ok: true,
    value: {
      title: input.title.trim(),
      description: input.description.trim(),
      forms: [...new Set(input.forms)],
      emergencyTypes: [...new Set(input.emergencyTypes)],
      serviceAreaCodes: codes,
      coverageCodes: [...new Set(codes.flatMap(areaAncestry))],
      eligibilityRules: rules,
      eligibilityDescription: input.eligibilityDescription?.trim() || (rules ? describeRules(rules) : null),
      capacityUnit: input.capacity?.unit.trim() ?? null,
      capacityTotal: input.capacity?.total ?? null,
      availableFrom: input.availableFrom ?? null,
      availableUntil: input.availableUntil ?? null,
      legalBasis,
      contact: input.contact?.trim() || null,
      fundSource: input.fundSource?.trim() || null,
      benefitCapFen: input.benefitCapFen ?? null,
      budgetFen: input.budgetFen ?? null,
      items:
        input.items?.map((i) => ({
          name: i.name.trim(),
          quantity: i.quantity,
          unit: i.unit.trim(),
          expiresOn: i.expiresOn ?? null,
        })) ?? null,
      cashFen: input.cashFen ?? null,
      skills: input.skills?.map((s) => s.trim()) ?? null,
      hoursPerWeek: input.hoursPerWeek ?? null,
    },
  };
}
