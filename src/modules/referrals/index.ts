import { defineModule } from '../manifest';
import { Commitment } from './commitment.entity';
import { CommitmentService } from './commitment.service';
import { releaseLapsedHoldsJob } from './jobs/release-lapsed-holds.job';
import { ReferralFeed } from './referral-feed';
import { REFERRALS_EVENTS } from './referral.events';
import { Referral } from './referral.entity';
import { createReferralLoaders, needReferrals } from './referral.loader';
import {
  CommitmentResolver,
  NeedReferralsResolver,
  ReferralAssistanceResolver,
  ReferralResolver,
} from './referral.resolver';
import { ReferralService } from './referral.service';
import { CommitmentType, ReferralType } from './referral.types';

declare module '../../core/context' {
  interface HubServices {
    commitments: CommitmentService;
    referrals: ReferralService;
    referralFeed: ReferralFeed;
  }
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HubLoaders extends ReturnType<typeof createReferralLoaders> {}
}

/** 承诺 and 转介: resources held for needs, and referrals to their providers, followed to their end. */
export const referralsModule = defineModule({
  name: 'referrals',
  entities: [Commitment, Referral],
  // referral_fact: the supervision report's read model, one row per referral (written by triggers on referral).
  tables: ['referral_fact'],
  resolvers: [ReferralResolver, CommitmentResolver, NeedReferralsResolver, ReferralAssistanceResolver],
  types: [CommitmentType, ReferralType],
  nodeTypes: {
    Referral: (ctx, id) => ctx.services.referrals.get(ctx, id),
    Commitment: async (ctx, id) => {
      const commitment = await ctx.loaders.commitmentById.load(id);
      const referral = commitment && (await ctx.loaders.referralByCommitment.load(commitment.id));
      return referral && ctx.services.referrals.visible(ctx, referral) ? commitment : null;
    },
  },
  loaders: createReferralLoaders,
  services: ({ config, orm, bus }) => ({
    commitments: new CommitmentService(config),
    referrals: new ReferralService(config),
    referralFeed: new ReferralFeed(orm, bus),
    needReferrals,
  }),
  events: REFERRALS_EVENTS,
  jobs: [releaseLapsedHoldsJob],
});

export { Commitment } from './commitment.entity';
export { Referral } from './referral.entity';
export { CommitmentStatus, ReferralStatus } from './referral.enums';
export { ACTIVE_REFERRAL_STATUSES, REFERRAL_LIFECYCLE } from './referral.lifecycle';
export { COMMITMENT_LIFECYCLE } from './commitment.lifecycle';
export type { ReferralsEvent } from './referral.events';
export {
  referralDeclineReasons,
  referralFigures,
  type ProviderFigures,
  type ReferralFigures,
} from './referral-figures';
export { anonymiseCaseReferrals, caseReferralsExport, REFERRAL_ANONYMISED_FIELDS } from './referral-privacy';
export { referralSteps } from './referral-timeline';
