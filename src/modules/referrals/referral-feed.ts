import type { MikroORM } from '@mikro-orm/postgresql';
import type { HubContext } from '../../core/context';
import { viewerCovers, isStaff } from '../../core/auth';
import { ForbiddenError, UnauthenticatedError } from '../../core/errors';
import { localId } from '../../core/relay';
import type { EventBus } from '../../events/bus';
import type { DomainEvent } from '../../events/outbox';
import { eventStream } from '../../events/subscription';
import { Referral } from './referral.entity';
import { viewerOrganization } from './referral.service';

interface ReferralEventPayload {
  referralId: string;
  areaCode: string;
  toOrganizationId: string;
  fromOrganizationId: string | null;
}

/** `referralUpdated`: each step of a referral, to its provider, its sender and staff of its area. */
export class ReferralFeed {
  constructor(
    private readonly orm: MikroORM,
    private readonly bus: EventBus,
  ) {}

  updated(ctx: HubContext, organizationGlobalId: string | null | undefined): AsyncIterableIterator<Referral> {
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
      accept: (event) => event.type === 'ReferralUpdated' && sees(event.payload as unknown as ReferralEventPayload),
      toPayload: (event) => this.load(ctx, event),
    });
  }

  private async load(ctx: HubContext, event: DomainEvent): Promise<Referral | null> {
    const referral = await this.orm.em.fork().findOne(Referral, { id: event.aggregateId });
    return referral && ctx.services.referrals.visible(ctx, referral) ? referral : null;
  }
}
