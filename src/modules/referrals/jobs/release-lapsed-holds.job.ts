import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../../../core/clock';
import { pauseBeforeCommit, type Job } from '../../../core/job';
import { transaction } from '../../../core/transaction';
import { flushAndAppend } from '../../../events/outbox';
import { SYSTEM_ACTOR } from '../../audit';
import { Commitment } from '../commitment.entity';
import { releaseCommitment } from '../commitment.service';
import { stepTo } from '../referral-history';
import { referralEvent } from '../referral.events';
import { Referral } from '../referral.entity';
import { COMMITMENT_LIFECYCLE } from '../commitment.lifecycle';
import { REFERRAL_LIFECYCLE } from '../referral.lifecycle';

const NAME = 'referrals.releaseLapsedHolds';

/**
 * Holds whose referral was never accepted lapse at their deadline: the capacity goes back and the
 * referral is cancelled. Batches with SKIP LOCKED, so several instances can sweep at once.
 */
export async function releaseLapsedHolds(
  orm: MikroORM,
  clock: Clock,
  limit = 100,
  beforeCommit?: () => Promise<void>,
): Promise<number> {
  const now = clock.now();
  return transaction(orm.em.fork(), async (tx) => {
    // Referral before commitment, as everywhere; rows another transaction holds wait for the next sweep.
    const rows = await tx.execute<{ referral_id: string; commitment_id: string }[]>(
      `select r.id as referral_id, c.id as commitment_id from commitment c join referral r on r.commitment_id = c.id
       where c.status in (${COMMITMENT_LIFECYCLE.sql('lapse')}) and c.hold_until <= ? order by c.hold_until limit ? for update of r, c skip locked`,
      [now, limit],
    );
    if (rows.length === 0) return 0;
    const referrals = await tx.find(Referral, { id: { $in: rows.map((r) => r.referral_id) } });
    const lapsed = await tx.find(Commitment, { id: { $in: rows.map((r) => r.commitment_id) } });
    for (const commitment of lapsed) await releaseCommitment(tx, commitment, now, 'lapse');
    for (const referral of referrals) {
      if (!REFERRAL_LIFECYCLE.can('lapse', referral.status)) continue;
      stepTo(referral, 'lapse', SYSTEM_ACTOR, '超时未接收，保留已释放 (hold lapsed)', now);
      referral.reason = '超时未接收 (not accepted before the hold deadline)';
      referral.dueAt = null;
    }
    await flushAndAppend(
      tx,
      referrals.map((r) => referralEvent(r, 'system')),
    );
    if (beforeCommit) await beforeCommit();
    return lapsed.length;
  });
}

/** Capacity held for referrals never accepted goes back once the hold lapses. */
export const releaseLapsedHoldsJob: Job = {
  name: NAME,
  everyMs: 15_000,
  done: 'lapsed holds released',
  run: (ctx) => releaseLapsedHolds(ctx.orm, ctx.clock, 100, pauseBeforeCommit(ctx, NAME)),
};
