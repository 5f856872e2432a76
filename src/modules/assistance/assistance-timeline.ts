import type { EntityManager } from '@mikro-orm/postgresql';
import { timelineEntry, type TimelineEntry } from '../../core/timeline';
import { AssistanceRecord } from './assistance-record.entity';

/** The aid recorded for a case (who recorded it for which provider, the form): steps of its timeline. */
export async function assistanceSteps(em: EntityManager, caseId: string): Promise<TimelineEntry[]> {
  const records = await em.find(AssistanceRecord, { caseId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  return records.map((a) =>
    timelineEntry('ASSISTANCE_GIVEN', a.createdAt, {
      actorSubject: a.recordedBy,
      actorOrganizationId: a.provider.id,
      needId: a.needId,
      referralId: a.referralId,
      detail: a.form,
    }),
  );
}
