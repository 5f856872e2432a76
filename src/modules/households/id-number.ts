import { parseFullDate, shanghaiDate } from '../../core/scalars';

// 居民身份证号码 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit sequence,
// and a check character: ISO 7064 MOD 11-2 over the first 17 digits.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

// GB/T 2260 province-level codes, and 83 (residence permits of Taiwan residents).
const PROVINCES = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83'.split(' '),
);

export type IdNumberCheck =
  | { ok: true; idNumber: string; birthDate: string }
  | { ok: false; reason: 'FORMAT' | 'REGION' | 'BIRTH_DATE' | 'CHECK_DIGIT' };

/** The check character the first 17 digits call for. */
export function idNumberCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11]!;
}

/**
 * Checks an 18-character 居民身份证号: digits, a known province, a real birth date between
 * 1900 and `today`, and the MOD 11-2 check character (a lower-case x is accepted as X).
 */
export function checkIdNumber(value: string, today: string = shanghaiDate()): IdNumberCheck {
  const idNumber = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(idNumber)) return { ok: false, reason: 'FORMAT' };
  if (!PROVINCES.has(idNumber.slice(0, 2))) return { ok: false, reason: 'REGION' };
  const digits = idNumber.slice(6, 14);
  const birthDate = parseFullDate(`${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`);
  if (!birthDate || birthDate < '1900-01-01' || birthDate > today) return { ok: false, reason: 'BIRTH_DATE' };
  if (idNumberCheckCharacter(idNumber) !== idNumber[17]) return { ok: false, reason: 'CHECK_DIGIT' };
  return { ok: true, idNumber, birthDate };
}

export const ID_NUMBER_MESSAGES: Record<Exclude<IdNumberCheck, { ok: true }>['reason'], string> = {
  FORMAT: '身份证号须为18位 (an ID number has 17 digits and a check digit or X)',
  REGION: '身份证号地址码无效 (unknown region code)',
  BIRTH_DATE: '身份证号中的出生日期无效 (the embedded birth date is not a real past date)',
  CHECK_DIGIT: '身份证号校验码错误 (wrong check digit)',
};
