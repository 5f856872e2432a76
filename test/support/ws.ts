import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Subscriber<R> {
  received: R[];
  errors: unknown[];
  /** Resolves once `count` results arrived (or rejects after `ms`). */
  waitFor(count: number, ms?: number): Promise<R[]>;
  close(): Promise<void>;
}

/** A graphql-ws client subscribed to one operation, collecting what it receives. */
export async function subscribe<R, V extends Record<string, unknown>>(
  httpUrl: string,
  document: TypedDocumentNode<R, V>,
  variables: V,
  token?: string,
): Promise<Subscriber<R>> {
  const client: Client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
  });
  await new Promise<void>((resolve, reject) => {
    client.on('connected', () => resolve());
    client.on('error', reject);
  });
  const received: R[] = [];
  const errors: unknown[] = [];
  const listeners: (() => void)[] = [];
  const dispose = client.subscribe<R>(
    { query: print(document), variables },
    {
      next: (result) => {
        if (result.errors) errors.push(...result.errors);
        if (result.data) received.push(result.data as R);
        listeners.forEach((l) => l());
      },
      error: (error) => {
        errors.push(error);
        listeners.forEach((l) => l());
      },
      complete: () => undefined,
    },
  );
  // The server registers the subscription before it answers anything; give it a round trip.
  await new Promise((resolve) => setTimeout(resolve, 250));
  return {
    received,
    errors,
    waitFor: (count, ms = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (received.length >= count) {
            clearTimeout(timer);
            resolve(received);
          }
        };
        const timer = setTimeout(
          () => reject(new Error(`got ${received.length} of ${count} events; errors: ${JSON.stringify(errors)}`)),
          ms,
        );
        listeners.push(check);
        check();
      }),
    close: async () => {
      dispose();
      await client.dispose();
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `condition` holds (checked every 20 ms), or rejects after `ms`. */
export async function until(condition: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
