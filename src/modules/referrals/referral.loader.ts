import type { EntityManager } from '@mikro-orm/postgresql';
import { groupedLoader, keyedLoader } from '../../core/loader';
import { Commitment } from './commitment.entity';
import { Referral } from './referral.entity';

export function createReferralLoaders(em: EntityManager) {
  return {
    commitmentById: keyedLoader<string, Commitment>(
      (ids) => em.find(Commitment, { id: { $in: [...ids] } }),
      (c) => c.id,
    ),
    referralByCommitment: keyedLoader<string, Referral>(
      (ids) => em.find(Referral, { commitment: { $in: [...ids] } }),
      (r) => r.commitment.id,
    ),
    referralsByNeed: groupedLoader<string, Referral>(
      (ids) => em.find(Referral, { need: { $in: [...ids] } }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
      (r) => r.need.id,
    ),
  };
}
