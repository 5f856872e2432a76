import { later, toDate, utcDay } from './clock';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
// Shanghai has kept UTC+8 without daylight saving since 1991, so a fixed offset gives the business
// calendar date without depending on the runtime's time-zone data.
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

function parseDateOnly(text: string): { y: number; m: number; d: number } | null {
  const match = DATE_ONLY.exec(text);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = utcDay(y, m, d);
  const valid = check.getUTCFullYear() === y && check.getUTCMonth() === m - 1 && check.getUTCDate() === d;
  return valid ? { y, m, d } : null;
}

function shanghaiDate(day: Date | string): { y: number; m: number; d: number } {
  if (typeof day === 'string') {
    const dateOnly = parseDateOnly(day);
    if (dateOnly) return dateOnly;
  }
  const instant = typeof day === 'string' ? toDate(day) : day;
  if (Number.isNaN(instant.getTime())) throw new RangeError(`无效的日期 ${String(day)} (invalid date)`);
  const local = later(instant, SHANGHAI_OFFSET_MS);
  return { y: local.getUTCFullYear(), m: local.getUTCMonth() + 1, d: local.getUTCDate() };
}

/**
 * Full years (周岁) on a day, on the Asia/Shanghai calendar: the age goes up on the birthday itself;
 * someone born on 29 February turns a year older on 1 March in common years. Negative when the
 * birth date is after the day.
 */
export function ageOn(birthDate: string, day: Date | string): number {
  const birth = parseDateOnly(birthDate);
  if (!birth) throw new RangeError(`无效的出生日期 ${birthDate} (invalid birth date, expected YYYY-MM-DD)`);
  const on = shanghaiDate(day);
  const beforeBirthday = on.m < birth.m || (on.m === birth.m && on.d < birth.d);
  return on.y - birth.y - (beforeBirthday ? 1 : 0);
}
