import type { MikroORM } from '@mikro-orm/postgresql';
import type { HubContext } from '../../core/context';
import { viewerCovers, isStaff } from '../../core/auth';
import { ForbiddenError, UnauthenticatedError } from '../../core/errors';
import { localId } from '../../core/relay';
import type { EventBus } from '../../events/bus';
import { eventStream, type EventScope, type EventStream } from '../../events/subscription';
import { Referral } from './referral.entity';
import { viewerOrganization } from './referral.service';

interface ReferralEventPayload {
  referralId: string;
  areaCode: string;
  toOrganizationId: string;
  fromOrganizationId: string | null;
}

/**
 * `referralUpdated`: each step of a referral, to its provider, its sender and staff of its area.
 * Each event is read and decided in a context of its own (new loaders), so a provider whose referral
 * has ended stops seeing the household at once, and every read of personal fields is audited again.
 */
export class ReferralFeed {
  constructor(
    private readonly orm: MikroORM,
    private readonly bus: EventBus,
  ) {}

  updated(ctx: HubContext, organizationGlobalId: string | null | undefined): EventStream<Referral> {
    const viewer = ctx.viewer;
    if (!viewer) throw new UnauthenticatedError();
    const own = viewerOrganization(viewer);
    const staff = isStaff(viewer) && !!viewer.areaCode;
    let only: string | null = null;
    if (organizationGlobalId) {
      only = localId(organizationGlobalId, 'Organization');
      // An organisation's own referrals; staff may watch any organisation's within their jurisdiction.
      if (!only || (only !== own && !staff))
        throw new ForbiddenError('只能订阅本组织的转介 (only your own organisation’s referrals)');
    } else if (!own && !staff) {
      throw new ForbiddenError('令牌未指定组织或管辖区划 (token names no organisation or area)');
    }
    const sees = (p: ReferralEventPayload): boolean => {
      const party = (org: string | null) =>
        org !== null && (p.toOrganizationId === org || p.fromOrganizationId === org);
      if (only !== null && !party(only)) return false;
      return party(own) || (staff && viewerCovers(viewer, p.areaCode));
    };
    return eventStream<Referral>({
      bus: this.bus,
      ctx,
      accept: (event) => event.type === 'ReferralUpdated' && sees(event.payload as unknown as ReferralEventPayload),
      toPayload: (scope) => this.load(scope),
    });
  }

  private async load(scope: EventScope): Promise<Referral | null> {
    const ctx = scope.context;
    const referral = await ctx.em.findOne(Referral, { id: scope.event.aggregateId });
    return referral && ctx.services.referrals.visible(ctx, referral) ? referral : null;
  }
}
