import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../../config';
import type { RevocationCheck } from '../../core/auth';
import type { Clock } from '../../core/clock';
import { toDate } from '../../core/clock';
import type { HubContext } from '../../core/context';
import { failure, invalid, success, type Outcome } from '../../core/user-error';
import type { EventBus } from '../../events/bus';
import { appendEvents } from '../../events/outbox';

export const TOKEN_REVOKED = 'TokenRevoked';

export interface RevokedToken {
  tokenId: string;
  revokedAt: Date;
  /** After this no token with the id can pass the maximum-age check anyway: the entry may go. */
  forgetAfter: Date;
}

type RevokedListener = (tokenId: string) => void;

/**
 * The deny list: revoked token ids in PostgreSQL (the truth), a copy in each instance's memory for
 * the check on every request. A revocation appends a TokenRevoked event in its transaction, so every
 * instance learns it from the outbox, whichever instance took the mutation; a starting instance
 * loads the entries still in force.
 */
export class TokenRevocationService implements RevocationCheck {
  private readonly revoked = new Map<string, number>();
  private readonly listeners = new Set<RevokedListener>();

  constructor(
    private readonly config: Pick<Config, 'jwtMaxAgeSeconds'>,
    private readonly clock: Clock,
    bus: EventBus,
  ) {
    bus.subscribe((event) => {
      if (event.type !== TOKEN_REVOKED) return;
      const { tokenId, forgetAfter } = event.payload as { tokenId?: unknown; forgetAfter?: unknown };
      if (typeof tokenId === 'string' && typeof forgetAfter === 'string') this.add(tokenId, toDate(forgetAfter));
    });
  }

  isRevoked(tokenId: string): boolean {
    const until = this.revoked.get(tokenId);
    return until !== undefined && until > this.clock.now().getTime();
  }

  /** Told each token id when this instance learns of its revocation (open connections close). */
  onRevoked(listener: RevokedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Loads the entries still in force; run at start, before the hub takes requests. */
  async load(orm: MikroORM): Promise<number> {
    const rows: { token_id: string; forget_after: Date | string }[] = await orm.em
      .fork()
      .execute(`select token_id, forget_after from revoked_token where forget_after > ?`, [this.clock.now()]);
    for (const row of rows) this.add(row.token_id, toDate(row.forget_after));
    return rows.length;
  }

  async revoke(ctx: HubContext, input: { tokenId: string; reason: string }): Promise<Outcome<RevokedToken>> {
    const tokenId = input.tokenId.trim();
    const reason = input.reason.trim();
    if (tokenId === '' || tokenId.length > 200)
      return failure(invalid(['tokenId'], '令牌标识无效 (token id: 1–200 characters)'));
    if (reason === '' || reason.length > 500)
      return failure(invalid(['reason'], '须写明理由 (reason: 1–500 characters)'));
    const revokedAt = ctx.clock.now();
    const forgetAfter = toDate(revokedAt.getTime() + this.config.jwtMaxAgeSeconds * 1000 + 60_000);
    const entry = await ctx.em.transactional(async (em) => {
      const rows: { token_id: string; revoked_at: Date | string; forget_after: Date | string }[] = await em.execute(
        `insert into revoked_token (id, token_id, revoked_at, revoked_by, reason, forget_after)
         values (?, ?, ?, ?, ?, ?)
         on conflict (token_id) do update set forget_after = greatest(revoked_token.forget_after, excluded.forget_after)
         returning token_id, revoked_at, forget_after`,
        [randomUUID(), tokenId, revokedAt, `${ctx.viewer!.role}:${ctx.viewer!.subject}`, reason, forgetAfter],
      );
      const row = rows[0]!;
      const value = { tokenId: row.token_id, revokedAt: toDate(row.revoked_at), forgetAfter: toDate(row.forget_after) };
      await appendEvents(em, [
        {
          type: TOKEN_REVOKED,
          aggregateType: 'RevokedToken',
          aggregateId: randomUUID(),
          payload: { tokenId: value.tokenId, forgetAfter: value.forgetAfter.toISOString() },
          actor: ctx.viewer!.subject,
        },
      ]);
      return value;
    });
    // This instance need not wait for the event to come round.
    this.add(entry.tokenId, entry.forgetAfter);
    return success(entry);
  }

  /** Drops entries past their forget-after time (from memory and the table). */
  async forgetExpired(orm: MikroORM): Promise<number> {
    const now = this.clock.now().getTime();
    for (const [id, until] of this.revoked) if (until <= now) this.revoked.delete(id);
    const rows: unknown[] = await orm.em
      .fork()
      .execute(`delete from revoked_token where forget_after <= ? returning id`, [this.clock.now()]);
    return rows.length;
  }

  private add(tokenId: string, forgetAfter: Date): void {
    const known = this.revoked.get(tokenId);
    this.revoked.set(tokenId, Math.max(known ?? 0, forgetAfter.getTime()));
    if (known === undefined) for (const listener of this.listeners) listener(tokenId);
  }
}
