import { Arg, Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../core/context';
import { EmergencyType } from '../../core/vocabulary';
import { EmergencyCaseStatus } from './case.enums';
import type { ReportStatus } from './case-tracking';

@ObjectType('EmergencyReportStatus', {
  description:
    '报告进度 — what a reporter may see of its report: the status and when each step happened; nothing personal.',
})
export class EmergencyReportStatusType {
  @Field({ description: '事件编号 — the reference.' })
  reference!: string;

  @Field(() => EmergencyCaseStatus, { description: '状态 — where the case is.' })
  status!: EmergencyCaseStatus;

  @Field(() => EmergencyType, { description: '急难类型 — what was reported.' })
  emergencyType!: EmergencyType;

  @Field(() => Date, { description: '报告时间 — when the report arrived.' })
  reportedAt!: Date;

  @Field(() => Date, { nullable: true, description: '受理时间 — when a caseworker took the case.' })
  acceptedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: '核实时间 — when the emergency was verified.' })
  verifiedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: '首次救助时间 — when help first arrived.' })
  firstAssistedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: '救助完成时间 — when every need was met.' })
  assistedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: '结案时间 — when the case was closed.' })
  closedAt!: Date | null;
}

@Resolver()
export class CaseTrackingResolver {
  @Query(() => EmergencyReportStatusType, {
    nullable: true,
    description:
      '查询报告进度 — open to anyone holding the reference and the tracking code given by `emergencyReport`; null for an unknown reference and for a wrong code alike (rate-limited).',
  })
  emergencyReportStatus(
    @Ctx() ctx: HubContext,
    @Arg('reference', { description: '事件编号 — the reference, e.g. JJN-20261128-4F7K2Q.' }) reference: string,
    @Arg('trackingCode', { description: '查询码 — the tracking code given with the reference.' }) trackingCode: string,
  ): Promise<ReportStatus | null> {
    return ctx.services.caseIntake.tracking.status(ctx, reference, trackingCode);
  }
}
