import type { EntityManager } from '@mikro-orm/postgresql';
import { keyedLoader, uniqueLoader } from '../../core/loader';
import { pgTextArray } from '../../core/areas';
import { uniqueViewLoader, viewsJsonSql } from '../../core/read-model';
import { readRows } from '../../core/rows';
import { Policy, PolicyStatus } from './policy.entity';
import type { ParsedCitation, ParsedSection } from './policy-text';

/** A policy's lazy text: body, section tree and citations. */
export interface PolicyText {
  id: string;
  body: string;
  sections: ParsedSection[];
  citations: ParsedCitation[];
}

/** The published policies among these ids, in any order. */
export const publishedPoliciesByIds = (em: EntityManager, ids: readonly string[]) =>
  em.find(Policy, { id: { $in: [...ids] }, status: PolicyStatus.PUBLISHED });

/**
 * A subselect giving the policy whose id is `idSql` (a column of the caller's statement) as a json
 * object of its view columns — without the lazy text, as policyView — or null. Visibility is the
 * reader's to check (PolicyService.visible), as for policyView.
 */
export const policyViewsSql = (em: EntityManager, idSql: string): string =>
  `(select ${viewsJsonSql(em, 'Policy', 'p')} from policy p where p.id = ${idSql})`;

export function createPolicyLoaders(em: EntityManager) {
  return {
    policyText: keyedLoader<string, PolicyText>(
      (ids) =>
        readRows<PolicyText>(em, 'select id, body, sections, citations from policy where id = any($1::uuid[])', [
          pgTextArray(ids),
        ]),
      (p) => p.id,
    ),
    policyById: uniqueLoader(em, Policy, 'id'),
    /** Read-only views (without the lazy text) for fields that only display a policy (a legal basis). */
    policyView: uniqueViewLoader<Policy>(em, 'Policy', { table: 'policy', column: 'id', cast: 'uuid' }, (p) => p.id),
    policyByDocNumber: uniqueLoader(em, Policy, 'docNumber'),
  };
}
