import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

/** Codes of thrown errors (`extensions.code`); expected failures are userErrors instead. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'QUERY_TOO_COMPLEX'
  | 'RATE_LIMITED'
  /** The household withdrew consent or was anonymised: no new processing of it (PIPL 第十五条). */
  | 'CONSENT_WITHDRAWN'
  | 'INTERNAL_SERVER_ERROR';

export class HubError extends GraphQLError {
  constructor(message: string, code: ErrorCode, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }
}

export class UnauthenticatedError extends HubError {
  constructor(message = '需要登录 (authentication required)') {
    super(message, 'UNAUTHENTICATED');
  }
}

export class ForbiddenError extends HubError {
  constructor(message = '无权执行此操作 (forbidden)') {
    super(message, 'FORBIDDEN');
  }
}

export class NotFoundError extends HubError {
  constructor(what: string) {
    super(`${what} 不存在 (not found)`, 'NOT_FOUND');
  }
}

export class BadInputError extends HubError {
  constructor(message: string, argument?: string) {
    super(message, 'BAD_USER_INPUT', argument ? { argument } : {});
  }
}

export class RateLimitedError extends HubError {
  /** `retryAfter`: seconds until the limit lets the caller in again. */
  constructor(retryAfter: number, message = '请求过于频繁 (rate limited)', extra: Record<string, unknown> = {}) {
    super(message, 'RATE_LIMITED', { retryAfter, ...extra });
  }
}

// Codes that graphql-armor, Apollo and type-graphql use, mapped onto ours.
const FOREIGN_CODES: Record<string, ErrorCode> = {
  GRAPHQL_PARSE_FAILED: 'BAD_USER_INPUT',
  GRAPHQL_VALIDATION_FAILED: 'BAD_USER_INPUT',
  BAD_REQUEST: 'BAD_USER_INPUT',
  UNAUTHORIZED: 'FORBIDDEN', // type-graphql's AuthorizationError
  PERSISTED_QUERY_NOT_FOUND: 'BAD_USER_INPUT',
  PERSISTED_QUERY_NOT_SUPPORTED: 'BAD_USER_INPUT',
  OPERATION_RESOLUTION_FAILURE: 'BAD_USER_INPUT',
};

const LIMIT_MESSAGE =
  /^Syntax Error: (Query depth limit|Aliases limit|Token limit|Query Cost limit|Directives limit|Document contains more than \d+ tokens)/;

function typeGraphqlCode(original: unknown): ErrorCode | undefined {
  const name = (original as { name?: string } | null)?.name;
  if (name === 'AuthenticationError') return 'UNAUTHENTICATED';
  if (name === 'AuthorizationError') return 'FORBIDDEN';
  if (name === 'ArgumentValidationError') return 'BAD_USER_INPUT';
  return undefined;
}

function clientStatus(error: unknown): boolean {
  const extensions = (error as { extensions?: { code?: unknown; http?: { status?: unknown } } } | null)?.extensions;
  const status = extensions?.http?.status;
  return extensions?.code === undefined && typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * The one place where thrown errors become `extensions.code`. Faults never show their
 * message or stack outside development; the caller logs them.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  development: boolean,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const extensions = { ...(formatted.extensions ?? {}) };
  const current = extensions.code as string | undefined;
  let code: string | undefined = original instanceof HubError ? (original.extensions.code as string) : undefined;
  code ??= typeGraphqlCode(original);
  if (!code && LIMIT_MESSAGE.test(formatted.message)) code = 'QUERY_TOO_COMPLEX';
  // Apollo's own request errors without a code (a persisted query whose hash does not match) carry a 4xx
  // status; Apollo labels them INTERNAL_SERVER_ERROR before they reach us.
  if (!code && clientStatus(error)) code = 'BAD_USER_INPUT';
  if (!code && current) code = FOREIGN_CODES[current] ?? current;
  code ??= 'INTERNAL_SERVER_ERROR';
  if (!development) delete extensions.stacktrace;
  const hideMessage = code === 'INTERNAL_SERVER_ERROR' && !development && !(original instanceof HubError);
  return {
    ...formatted,
    message: hideMessage ? '服务器内部错误 (internal server error)' : formatted.message,
    extensions: { ...extensions, code },
  };
}

export function isFault(formatted: GraphQLFormattedError): boolean {
  return formatted.extensions?.code === 'INTERNAL_SERVER_ERROR';
}
