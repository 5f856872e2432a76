import type { EntityManager } from '@mikro-orm/postgresql';
import { groupedLoader, keyedLoader } from '../../core/loader';
import { caseContactLoader } from './case-contact';
import { EmergencyCase } from './emergency-case.entity';
import { Need } from './need.entity';

export function createCaseLoaders(em: EntityManager) {
  return {
    caseContact: caseContactLoader(em),
    caseById: keyedLoader<string, EmergencyCase>(
      (ids) => em.find(EmergencyCase, { id: { $in: [...ids] } }),
      (c) => c.id,
    ),
    needById: keyedLoader<string, Need>(
      (ids) => em.find(Need, { id: { $in: [...ids] } }),
      (n) => n.id,
    ),
    needsByCase: groupedLoader<string, Need>(
      (ids) => em.find(Need, { case: { $in: [...ids] } }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
      (n) => n.case.id,
    ),
  };
}
