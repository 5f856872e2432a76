import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/**
 * Which proxies are trusted to report the client (`X-Forwarded-For`, `X-Forwarded-Proto`):
 * none (false), the nearest `n` hops, or the proxies at these addresses / CIDRs
 * (proxy-addr's names `loopback`, `linklocal` and `uniquelocal` too).
 */
export type TrustProxy = false | number | readonly string[];

/** TRUST_PROXY: unset/off → false; a number → hops; else a comma list of addresses and CIDRs. */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? '';
  if (value === '' || /^(off|false|no|0)$/i.test(value)) return false;
  if (/^\d+$/.test(value)) return Number(value);
  if (/^(true|on|yes|all|\*)$/i.test(value)) {
    throw new Error(
      "TRUST_PROXY must be a hop count or the proxies' addresses/CIDRs: trusting every X-Forwarded-For lets any client choose its address",
    );
  }
  const list = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  try {
    proxyaddr.compile(list);
  } catch (error) {
    throw new Error(`TRUST_PROXY: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return list;
}

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
