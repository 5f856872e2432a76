import { toDate } from '../../core/clock';
import type { HubContext } from '../../core/context';
import { Role, viewerCovers } from '../../core/auth';
import { ForbiddenError, NotFoundError } from '../../core/errors';
import { localId, toGlobalId } from '../../core/relay';
import { householdAssistanceExport } from '../assistance';
import { auditStep, AuditAction, AuditPurpose } from '../audit';
import { householdCasesExport } from '../cases';
import { householdExport } from '../households';
import { caseReferralsExport } from '../referrals';
import { householdScreeningExport } from '../screening';

/** The export's format name: a consumer checks it before reading the rest. */
export const EXPORT_FORMAT = 'jiujinan.household-export.v1';

/** The sections of the export, as its audit entry lists them. */
export const EXPORT_SECTIONS = ['household', 'members', 'cases', 'needs', 'referrals', 'assistance', 'screeningVisits'];

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}(:?\d{2})?|Z)$/;

/** Instants as ISO 8601 (the database's text form of timestamptz is not), everything else as it is. */
function isoInstants(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' && TIMESTAMP.test(value)) return toDate(value).toISOString();
  if (Array.isArray(value)) return value.map(isoInstants);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isoInstants(v)]));
  return value;
}

const global = (type: string, id: unknown) => (typeof id === 'string' ? toGlobalId(type, id) : null);

/**
 * 个人信息副本 (PIPL 第四十五条): everything the hub holds on one household, for its data subject — the file
 * and members unmasked, cases with their needs, referrals with the providers' names, the aid chain and
 * screening visits. Coordinators of the household's jurisdiction only (FORBIDDEN otherwise; NOT_FOUND when
 * there is no such household). The read and its EXPORT audit entry are one transaction: no copy leaves
 * unaudited.
 */
export async function householdDataExport(ctx: HubContext, globalId: string): Promise<Record<string, unknown>> {
  const viewer = ctx.viewer;
  if (!viewer || viewer.role !== Role.COORDINATOR)
    throw new ForbiddenError('只有统筹人员可以导出个人信息副本 (coordinators only)');
  const id = localId(globalId, 'Household');
  const found = id ? await ctx.loaders.householdById.load(id) : null;
  if (!found) throw new NotFoundError('家庭 (household)');
  if (!viewerCovers(viewer, found.areaCode))
    throw new ForbiddenError('该家庭不在您的管辖范围内 (outside your jurisdiction)');
  const exportedAt = ctx.clock.now();
  const parts = await ctx.em.fork().transactional(async (tx) => {
    const own = (await householdExport(tx, found.id))!;
    const cases = await householdCasesExport(tx, found.id);
    const caseIds = cases.map((c) => c.id as string);
    const [referrals, assistance, screeningVisits] = [
      await caseReferralsExport(tx, caseIds),
      await householdAssistanceExport(tx, found.id),
      await householdScreeningExport(tx, found.id),
    ];
    await auditStep(tx, ctx, {
      action: AuditAction.EXPORT,
      subjectType: 'Household',
      subjectId: found.id,
      fields: EXPORT_SECTIONS,
      purpose: AuditPurpose.DATA_SUBJECT_REQUEST,
    });
    return { own, cases, referrals, assistance, screeningVisits };
  });
  const orgIds = [
    ...new Set(
      [
        ...parts.referrals.flatMap((r) => [r.toOrganizationId, r.fromOrganizationId]),
        ...parts.assistance.map((a) => a.providerId),
      ].filter((x): x is string => typeof x === 'string'),
    ),
  ];
  const organizations = await ctx.loaders.organizationById.loadMany(orgIds);
  const names = new Map<string, string>();
  organizations.forEach((o, i) => {
    if (o && !(o instanceof Error)) names.set(orgIds[i]!, o.name);
  });
  const name = (orgId: unknown) => (typeof orgId === 'string' ? (names.get(orgId) ?? null) : null);
  return isoInstants({
    format: EXPORT_FORMAT,
    exportedAt: exportedAt.toISOString(),
    exportedBy: viewer.subject,
    householdId: toGlobalId('Household', found.id),
    household: parts.own.household,
    members: parts.own.members,
    cases: parts.cases.map((c) => ({
      ...c,
      id: global('EmergencyCase', c.id),
      needs: (c.needs as Record<string, unknown>[]).map((n) => ({ ...n, id: global('Need', n.id) })),
    })),
    referrals: parts.referrals.map(({ toOrganizationId, fromOrganizationId, ...r }) => ({
      ...r,
      id: global('Referral', r.id),
      caseId: global('EmergencyCase', r.caseId),
      needId: global('Need', r.needId),
      provider: name(toOrganizationId),
      referredBy: name(fromOrganizationId),
    })),
    assistance: parts.assistance.map(({ providerId, ...a }) => ({
      ...a,
      id: global('AssistanceRecord', a.id),
      caseId: global('EmergencyCase', a.caseId),
      needId: global('Need', a.needId),
      referralId: global('Referral', a.referralId),
      provider: name(providerId),
    })),
    screeningVisits: parts.screeningVisits.map((v) => ({ ...v, id: global('ScreeningVisit', v.id) })),
  }) as Record<string, unknown>;
}
