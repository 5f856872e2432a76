import { failure, success, type Outcome } from '../../core/user-error';
import { Checks } from '../../core/validation';
import { type Area, AreaLevel } from '../areas';
import { shanghaiDate } from '../../core/scalars';
import { checkIdNumber, ID_NUMBER_MESSAGES } from './id-number';
import type { HouseholdCreateInput, HouseholdMemberInput } from './household.types';

export const MAX_MEMBERS = 30;
// Control characters; line breaks only where a text may have several lines.
/* eslint-disable no-control-regex */
const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/* eslint-enable no-control-regex */

export interface ValidMember {
  name: string;
  idNumber: string | null;
  birthDate: string | null;
  relation: string;
  disability: boolean | null;
  chronicIllness: boolean | null;
  phone: string | null;
}

export interface ValidHousehold {
  address: string;
  consentBasis: string;
  monthlyIncomePerCapitaFen: number | null;
  members: ValidMember[];
  /** What the CREATE audit entry lists: field names, never values. */
  fieldsWritten: string[];
}

/** A mobile (1[3-9]…, 11 digits) or landline number, with +86 and separators allowed. */
export function plausiblePhone(value: string): boolean {
  if (value.length > 30) return false;
  const digits = value.replace(/[\s\-()]/g, '').replace(/^(\+86|0086)/, '');
  return /^1[3-9]\d{9}$/.test(digits) || /^0\d{2,3}\d{7,8}$/.test(digits) || /^\d{8}$/.test(digits);
}

function text(
  checks: Checks,
  value: string | null | undefined,
  path: (string | number)[],
  label: string,
  max: number,
  multiline = false,
): boolean {
  if (!checks.text(value, path, label, max)) return false;
  const control = multiline ? CONTROL_BUT_LINE_BREAKS : CONTROL;
  return checks.check(!control.test(value!), path, `${label}含有控制字符 (contains control characters)`);
}

function member(checks: Checks, input: HouseholdMemberInput, i: number, today: string, seen: Set<string>): ValidMember {
  const at = (field: string) => ['members', i, field];
  text(checks, input.name, at('name'), '姓名', 50);
  text(checks, input.relation, at('relation'), '与户主关系', 20);
  let idNumber: string | null = null;
  let idBirthDate: string | null = null;
  if (input.idNumber !== null && input.idNumber !== undefined) {
    const checked = checkIdNumber(input.idNumber, today);
    if (!checked.ok) checks.fail(at('idNumber'), ID_NUMBER_MESSAGES[checked.reason]);
    else if (seen.has(checked.idNumber)) checks.fail(at('idNumber'), '身份证号重复 (the same ID number twice)');
    else {
      seen.add(checked.idNumber);
      idNumber = checked.idNumber;
      idBirthDate = checked.birthDate;
    }
  }
  const birthDate = input.birthDate ?? null;
  if (birthDate !== null) {
    if (checks.check(birthDate >= '1900-01-01', at('birthDate'), '出生日期不能早于1900年 (before 1900)'))
      checks.check(birthDate <= today, at('birthDate'), '出生日期不能晚于今天 (in the future)');
    if (idBirthDate)
      checks.check(birthDate === idBirthDate, at('birthDate'), '出生日期与身份证号不符 (does not match the ID number)');
  }
  const phone = input.phone?.trim() || null;
  if (input.phone !== null && input.phone !== undefined)
    checks.check(phone !== null && plausiblePhone(phone), at('phone'), '电话号码无效 (invalid phone number)');
  return {
    name: input.name?.trim() ?? '',
    idNumber,
    birthDate: birthDate ?? idBirthDate,
    relation: input.relation?.trim() ?? '',
    disability: input.disability ?? null,
    chronicIllness: input.chronicIllness ?? null,
    phone,
  };
}

/** Every rule of a new household, all errors at once, with field paths like ["members", "1", "idNumber"]. */
export function validateHousehold(
  input: HouseholdCreateInput,
  area: Area | null,
  today: string = shanghaiDate(),
): Outcome<ValidHousehold> {
  const checks = new Checks();
  checks.check(
    area?.level === AreaLevel.STREET,
    ['areaCode'],
    `须为街道/乡镇代码: ${input.areaCode} (must be a known street or town)`,
  );
  text(checks, input.address, ['address'], '地址', 200);
  // PIPL: personal data is processed only under a recorded legal basis or consent.
  text(checks, input.consentBasis, ['consentBasis'], '处理依据', 500, true);
  const income = input.monthlyIncomePerCapitaFen ?? null;
  if (income !== null)
    checks.check(
      Number.isInteger(income) && income >= 0,
      ['monthlyIncomePerCapitaFen'],
      '月人均收入不能为负数 (must be ≥ 0)',
    );
  const inputs = input.members ?? [];
  checks.check(inputs.length > 0, ['members'], '至少需要一名家庭成员 (at least one member)');
  checks.check(
    inputs.length <= MAX_MEMBERS,
    ['members'],
    `家庭成员不能超过 ${MAX_MEMBERS} 人 (at most ${MAX_MEMBERS})`,
  );
  const seen = new Set<string>();
  const members = inputs.slice(0, MAX_MEMBERS).map((m, i) => member(checks, m, i, today, seen));
  if (checks.failed) return failure(...checks.errors);

  const fieldsWritten = ['address', 'category', 'registration', 'consentBasis'];
  if (income !== null) fieldsWritten.push('monthlyIncomePerCapitaFen');
  fieldsWritten.push('members.name', 'members.relation');
  for (const field of ['idNumber', 'birthDate', 'phone', 'disability', 'chronicIllness'] as const)
    if (members.some((m) => m[field] !== null)) fieldsWritten.push(`members.${field}`);
  return success({
    address: input.address.trim(),
    consentBasis: input.consentBasis.trim(),
    monthlyIncomePerCapitaFen: income,
    members,
    fieldsWritten,
  });
}
