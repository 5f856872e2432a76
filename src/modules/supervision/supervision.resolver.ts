import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { Role } from '../../core/auth';
import type { HubContext } from '../../core/context';
import { DateScalar } from '../../core/scalars';
import { namesFor } from './supervision-names';
import { SupervisionGroupBy, SupervisionReport } from './supervision.types';

@Resolver()
export class SupervisionResolver {
  @Authorized(Role.AUDITOR, Role.COORDINATOR)
  @Query(() => SupervisionReport, {
    description:
      '督查报告 — a jurisdiction’s figures over a period (cases, deadlines, referrals, providers, aid, screening), ' +
      'computed from the recorded timestamps; auditors and coordinators of the area only. Also as ' +
      'GET /reports/supervision.csv and .xlsx with the same parameters.',
  })
  supervisionReport(
    @Ctx() ctx: HubContext,
    @Arg('areaCode', () => String, {
      description: '区划 — the city, a district or a street, within your jurisdiction.',
    })
    areaCode: string,
    @Arg('from', () => DateScalar, { description: '起始日 — the first day, YYYY-MM-DD (Asia/Shanghai).' })
    from: string,
    @Arg('to', () => DateScalar, { description: '截止日 — the last day, included; at most 731 days after from.' })
    to: string,
    @Arg('groupBy', () => SupervisionGroupBy, { description: '汇总方式 — by street, district or month.' })
    groupBy: SupervisionGroupBy,
  ): Promise<SupervisionReport> {
    return ctx.services.supervision.report(ctx.em, ctx.viewer, { areaCode, from, to, groupBy }, namesFor(ctx));
  }
}
