import type { WebSocket } from 'ws';
import type { Viewer } from '../core/auth';

/** graphql-ws close codes: the token has expired (Unauthorized) or was revoked (Forbidden). */
export const CLOSE_TOKEN_EXPIRED = 4401;
export const CLOSE_TOKEN_REVOKED = 4403;

// setTimeout takes at most 2^31 − 1 ms; tokens live 12 h at most, but be safe.
const MAX_DELAY = 2_147_483_647;

/**
 * A WebSocket connection lives no longer than its token: closed with 4401 when the token expires and with
 * 4403 when it is revoked, whatever subscriptions are open on it.
 */
export class TokenWatch {
  private readonly byToken = new Map<string, Set<WebSocket>>();

  /** Starts watching an accepted connection; the watch ends when the socket closes. */
  watch(socket: WebSocket, viewer: Viewer, now: number): void {
    const left = viewer.expiresAt.getTime() - now;
    const close = (code: number, reason: string) => {
      if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, reason);
    };
    const timer = setTimeout(() => close(CLOSE_TOKEN_EXPIRED, 'Token expired'), Math.max(0, Math.min(left, MAX_DELAY)));
    timer.unref();
    const tokenId = viewer.tokenId;
    if (tokenId) {
      let sockets = this.byToken.get(tokenId);
      if (!sockets) this.byToken.set(tokenId, (sockets = new Set()));
      sockets.add(socket);
    }
    socket.once('close', () => {
      clearTimeout(timer);
      if (!tokenId) return;
      const sockets = this.byToken.get(tokenId);
      sockets?.delete(socket);
      if (sockets?.size === 0) this.byToken.delete(tokenId);
    });
  }

  /** Closes every connection opened with the token. */
  revoked(tokenId: string): number {
    const sockets = [...(this.byToken.get(tokenId) ?? [])];
    for (const socket of sockets) socket.close(CLOSE_TOKEN_REVOKED, 'Token revoked');
    return sockets.length;
  }

  get size(): number {
    let n = 0;
    for (const sockets of this.byToken.values()) n += sockets.size;
    return n;
  }
}
