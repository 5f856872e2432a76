import type { EntityManager } from '@mikro-orm/postgresql';
import { groupedLoader, uniqueLoader } from '../../core/loader';
import { caseContactLoader } from './case-contact';
import { EmergencyCase } from './emergency-case.entity';
import { Need } from './need.entity';

export function createCaseLoaders(em: EntityManager) {
  return {
    caseContact: caseContactLoader(em),
    caseById: uniqueLoader(em, EmergencyCase, 'id'),
    needById: uniqueLoader(em, Need, 'id'),
    needsByCase: groupedLoader<string, Need>(
      (ids) => em.find(Need, { case: { $in: [...ids] } }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
      (n) => n.case.id,
    ),
  };
}
