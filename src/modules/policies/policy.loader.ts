import type { EntityManager } from '@mikro-orm/postgresql';
import { keyedLoader } from '../../core/loader';
import { Policy } from './policy.entity';

export function createPolicyLoaders(em: EntityManager) {
  return {
    policyById: keyedLoader<string, Policy>((ids) => em.find(Policy, { id: { $in: [...ids] } }), (p) => p.id),
    policyByDocNumber: keyedLoader<string, Policy>(
      (numbers) => em.find(Policy, { docNumber: { $in: [...numbers] } }),
      (p) => p.docNumber!,
    ),
  };
}
