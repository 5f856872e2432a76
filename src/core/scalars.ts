import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';
import { HOUR_MS, later, systemClock, utcDay } from './clock';

const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date as YYYY-MM-DD, else null. */
export function parseFullDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = FULL_DATE.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = utcDay(year, month, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? value : null;
}

function fullDate(value: unknown): string {
  const parsed = parseFullDate(value);
  if (parsed === null)
    throw new GraphQLError(`Date 须为 YYYY-MM-DD 格式的有效日期 (invalid date: ${JSON.stringify(value)})`);
  return parsed;
}

// Business dates stay strings end to end: a Date object would drag a time zone in.
/** The calendar date in Asia/Shanghai (UTC+8, no daylight saving) at `at`, YYYY-MM-DD: business dates are Shanghai's. */
export function shanghaiDate(at: Date = systemClock.now()): string {
  return later(at, 8 * HOUR_MS)
    .toISOString()
    .slice(0, 10);
}

export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: '日期 — a calendar date, YYYY-MM-DD (RFC 3339 full-date); business dates are Asia/Shanghai.',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : fullDate(value)),
  parseValue: fullDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Date 须为字符串 (a Date is a string)', { nodes: ast });
    return fullDate(ast.value);
  },
  specifiedByURL: 'https://datatracker.ietf.org/doc/html/rfc3339#section-5.6',
});

export const DateTimeScalar = new GraphQLScalarType({
  ...GraphQLDateTime.toConfig(),
  description: '时间 — an instant, ISO 8601 / RFC 3339 date-time with offset.',
});

export const JSONScalar = new GraphQLScalarType({
  ...GraphQLJSON.toConfig(),
  description: 'JSON数据 — any JSON value, e.g. an eligibility rule tree.',
});
