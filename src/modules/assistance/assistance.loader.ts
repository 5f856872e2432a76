import type { EntityManager } from '@mikro-orm/postgresql';
import { groupedLoader, uniqueLoader } from '../../core/loader';
import { AssistanceRecord } from './assistance-record.entity';

export function createAssistanceLoaders(em: EntityManager) {
  return {
    assistanceById: uniqueLoader(em, AssistanceRecord, 'id'),
    assistanceByReferral: uniqueLoader(em, AssistanceRecord, 'referralId'),
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
