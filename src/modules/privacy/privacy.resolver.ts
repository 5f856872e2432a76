import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../core/context';
import { Role } from '../../core/auth';
import { JSONScalar } from '../../core/scalars';
import { householdDataExport } from './data-export';

@Resolver()
export class PrivacyResolver {
  @Authorized(Role.COORDINATOR)
  @Query(() => JSONScalar, {
    description:
      '个人信息副本 — the data subject’s copy of everything held on one household (PIPL 第四十五条), as one JSON ' +
      'document (format "jiujinan.household-export.v1"): household, members (unmasked), cases with their needs, ' +
      'referrals with the providers’ names, the aid chain (assistance) and screening visits. Coordinators of the ' +
      'household’s jurisdiction only (else FORBIDDEN); every export is audited (action EXPORT).',
  })
  householdDataExport(
    @Ctx() ctx: HubContext,
    @Arg('householdId', () => ID, { description: '家庭 — the household’s global ID.' }) householdId: string,
  ): Promise<Record<string, unknown>> {
    return householdDataExport(ctx, householdId);
  }
}
