import type { EntityManager } from '@mikro-orm/postgresql';
import { groupedLoader } from '../../core/loader';
import { trackingsOf } from './tracking.service';

/** Per request: every tracking of the cases asked for, in one statement for a whole list of cases. */
export function createTrackingLoaders(em: EntityManager) {
  return {
    trackingsByCase: groupedLoader(
      (caseIds: readonly string[]) => trackingsOf(em, caseIds),
      (t) => t.caseId,
    ),
  };
}
