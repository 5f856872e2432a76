import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ValidationRule } from 'graphql';

/** Bounds on every operation: depth, aliases, tokens, directives and cost. */
export const LIMITS = {
  maxDepth: 12,
  maxAliases: 15,
  maxTokens: 2000,
  maxDirectives: 20,
  // graphql-armor's static cost (objects 2, scalars 1, ×1.5 per level): a 50-item resource page with its
  // relations costs ≈ 6,000; the limit leaves room for real pages and stops pathological fan-outs.
  maxCost: 50_000,
} as const;

/** graphql-armor for Apollo, and the same rules for graphql-ws, which Apollo's plugins do not see. */
export function armor() {
  const protection = new ApolloArmor({
    maxDepth: { n: LIMITS.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: LIMITS.maxAliases },
    // graphql-armor's token parser throws where Apollo answers 500; graphql-js's own
    // `maxTokens` parse option fails as an ordinary 400 parse error instead (parseOptions below).
    maxTokens: { enabled: false },
    maxDirectives: { n: LIMITS.maxDirectives },
    costLimit: { maxCost: LIMITS.maxCost, ignoreIntrospection: true },
    // The schema is public documentation (introspection stays on), so suggestions leak nothing.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return {
    apollo: { ...protection, parseOptions: { maxTokens: LIMITS.maxTokens } },
    parseOptions: { maxTokens: LIMITS.maxTokens },
    validationRules: protection.validationRules as ValidationRule[],
  };
}
