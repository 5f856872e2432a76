import { declareEnum, type EnumValue } from './enums';
import { Field, ObjectType } from 'type-graphql';

/** Why an expected failure happened; one enum for every mutation family. */
export const UserErrorCode = declareEnum(
  'UserErrorCode',
  '预期错误代码 — why a mutation could not do what was asked.',
  {
    INVALID: ['输入无效', 'the input breaks a rule; `field` names it.'],
    NOT_FOUND: ['对象不存在', 'a referenced record does not exist or is not visible to you.'],
    WRONG_STATE: ['状态不允许', 'the record is not in a state that allows this step.'],
    DUPLICATE: ['重复', 'a record with the same unique key already exists.'],
    INSUFFICIENT_CAPACITY: ['容量不足', 'the resource has less capacity left than asked.'],
    ALREADY_OWNED: ['已被认领', 'another officer already took this case (首问负责制).'],
    IDEMPOTENCY_KEY_REUSED: ['幂等键重复使用', 'the idempotency key was used with a different request.'],
    CONSENT_WITHDRAWN: [
      '已撤回同意',
      'the household withdrew its consent (PIPL 第十五条), or its data was anonymised: no new processing.',
    ],
  },
);
export type UserErrorCode = EnumValue<typeof UserErrorCode>;

@ObjectType({ description: '预期错误 — an expected failure returned as data.' })
export class UserError {
  @Field({ description: '说明 — a human-readable message (Chinese, with English in brackets).' })
  message!: string;

  @Field(() => [String], {
    nullable: true,
    description: '字段路径 — path to the offending input field, e.g. ["members", "0", "name"].',
  })
  field?: string[] | null;

  @Field(() => UserErrorCode, { description: '错误代码 — machine-readable code.' })
  code!: UserErrorCode;
}

export function userError(code: UserErrorCode, message: string, field?: (string | number)[]): UserError {
  return Object.assign(new UserError(), { code, message, field: field?.map(String) ?? null });
}

export const invalid = (field: (string | number)[], message: string): UserError =>
  userError(UserErrorCode.INVALID, message, field);

/** A service outcome: the object, or the expected errors that prevented it. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; errors: UserError[] };

export const success = <T>(value: T): Outcome<T> => ({ ok: true, value });

/** A mutation's payload from its service's outcome: the object under `key` (null when it failed) and the userErrors. */
export function payloadOf<K extends string, T>(
  key: K,
  outcome: Outcome<T>,
): { [P in K]: T | null } & { userErrors: UserError[] } {
  const payload = { [key]: outcome.ok ? outcome.value : null, userErrors: outcome.ok ? [] : outcome.errors };
  return payload as { [P in K]: T | null } & { userErrors: UserError[] };
}
export const failure = <T = never>(...errors: UserError[]): Outcome<T> => ({ ok: false, errors });
