import type { EntityManager } from '@mikro-orm/postgresql';
import { groupedLoader, keyedLoader } from '../../core/loader';
import { AssistanceRecord } from './assistance-record.entity';

export function createAssistanceLoaders(em: EntityManager) {
  return {
    assistanceById: keyedLoader<string, AssistanceRecord>(
      (ids) => em.find(AssistanceRecord, { id: { $in: [...ids] } }),
      (r) => r.id,
    ),
    assistanceByReferral: keyedLoader<string, AssistanceRecord>(
      (ids) => em.find(AssistanceRecord, { referralId: { $in: [...ids] } }),
      (r) => r.referralId!,
    ),
    /** A household's aid chain, newest first. */
    assistanceByHousehold: groupedLoader<string, AssistanceRecord>(
      (ids) =>
        em.find(
          AssistanceRecord,
          { household: { $in: [...ids] } },
          { orderBy: { deliveredOn: 'desc', createdAt: 'desc' } },
        ),
      (r) => r.household!.id,
    ),
  };
}
