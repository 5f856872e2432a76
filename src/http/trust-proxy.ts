import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import type { TrustProxy } from '../config';

/** Express's `trust proxy` function: may the hop at distance `i` (address `addr`) be believed? */
export function trustFunction(trust: TrustProxy): (addr: string, i: number) => boolean {
  if (trust === false) return () => false;
  if (typeof trust === 'number') return (_addr, i) => i < trust;
  return proxyaddr.compile([...trust]);
}

/** The client's address with the same rule as Express's `req.ip` (for WebSocket upgrades). */
export function clientAddressOf(request: IncomingMessage, trust: (addr: string, i: number) => boolean): string {
  try {
    return proxyaddr(request, trust);
  } catch {
    return request.socket.remoteAddress ?? 'unknown';
  }
}
