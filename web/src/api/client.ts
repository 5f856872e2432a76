import { createClient, type Client } from 'graphql-ws';
import type { TypedDocumentString } from '../gql/graphql';

/** A GraphQL error or a payload's userErrors, with a Chinese message to show. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

let token: string | null = null;

export function setToken(value: string | null): void {
  if (value === token) return;
  token = value;
  // Subscriptions authenticate once, when the socket opens: start a new one for the new viewer.
  void socket?.dispose();
  socket = null;
}

export function currentToken(): string | null {
  return token;
}

const MESSAGES: Record<string, string> = {
  UNAUTHENTICATED: '登录已失效，请重新登录',
  FORBIDDEN: '无权进行此操作',
  RATE_LIMITED: '操作过于频繁，请稍后再试',
  NOT_FOUND: '未找到',
};

export async function request<R, V>(document: TypedDocumentString<R, V>, variables?: V): Promise<R> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
    });
  } catch {
    throw new ApiError('网络连接失败，请检查网络后重试');
  }
  const body = (await response.json().catch(() => null)) as {
    data?: R;
    errors?: { message: string; extensions?: { code?: string } }[];
  } | null;
  const error = body?.errors?.[0];
  if (error || !body?.data) {
    const code = error?.extensions?.code;
    throw new ApiError((code && MESSAGES[code]) || error?.message || `请求失败 (${response.status})`, code);
  }
  return body.data;
}

/** Throws the first userError of a mutation payload, else returns it. */
export function ensure<P extends { userErrors: { message: string; code: string }[] }>(payload: P): P {
  const first = payload.userErrors[0];
  if (first) throw new ApiError(first.message, first.code);
  return payload;
}

let socket: Client | null = null;
const connectedListeners = new Set<() => void>();

/** Runs `listener` each time the subscription socket (re)connects; returns the function that stops it. */
export function onConnected(listener: () => void): () => void {
  connectedListeners.add(listener);
  return () => connectedListeners.delete(listener);
}

function ws(): Client {
  if (!socket) {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
    const bearer = token;
    socket = createClient({
      url,
      lazy: true,
      retryAttempts: Infinity,
      connectionParams: bearer ? { authorization: `Bearer ${bearer}` } : {},
      on: { connected: () => connectedListeners.forEach((listener) => listener()) },
    });
  }
  return socket;
}

/** Subscribes; returns the function that stops it. */
export function subscribe<R, V>(
  document: TypedDocumentString<R, V>,
  variables: V,
  onData: (data: R) => void,
  onError?: (error: unknown) => void,
): () => void {
  return ws().subscribe<R>(
    { query: document.toString(), variables: (variables ?? {}) as Record<string, unknown> },
    {
      next: (result) => result.data && onData(result.data as R),
      error: (error) => onError?.(error),
      complete: () => undefined,
    },
  );
}
