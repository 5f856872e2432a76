import type { WebSocket } from 'ws';
import type { Viewer } from '../core/auth';
import type { Clock } from '../core/clock';

/** graphql-ws close codes: the token has expired (Unauthorized) or was revoked (Forbidden). */
export const CLOSE_TOKEN_EXPIRED = 4401;
export const CLOSE_TOKEN_REVOKED = 4403;

/**
 * A WebSocket connection lives no longer than its token: closed with 4401 when the token expires and with
 * 4403 when it is revoked, whatever subscriptions are open on it.
 */
export class TokenWatch {
  private readonly byToken = new Map<string, Set<WebSocket>>();

  /** `clock` says when a token has expired (tests move a TestClock past it instead of waiting). */
  constructor(private readonly clock: Clock) {}

  /** Starts watching an accepted connection; the watch ends when the socket closes. */
  watch(socket: WebSocket, viewer: Viewer): void {
    const left = viewer.expiresAt.getTime() - this.clock.now().getTime();
    const close = (code: number, reason: string) => {
      if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, reason);
    };
    const cancel = this.clock.after(left, () => close(CLOSE_TOKEN_EXPIRED, 'Token expired'));
    const tokenId = viewer.tokenId;
    if (tokenId) {
      let sockets = this.byToken.get(tokenId);
      if (!sockets) this.byToken.set(tokenId, (sockets = new Set()));
      sockets.add(socket);
    }
    socket.once('close', () => {
      cancel();
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
