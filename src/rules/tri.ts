import { declareEnum } from '../core/enums';

/** Kleene truth values: UNKNOWN means a fact the rule needs has not been collected. */
export type Tri = 'TRUE' | 'FALSE' | 'UNKNOWN';

export const TRI_VALUES: readonly Tri[] = ['TRUE', 'FALSE', 'UNKNOWN'];

/** The verdict as a GraphQL enum (`Tri`), declared once with its labels. */
export const TriEnum = declareEnum('Tri', '三值判断 — an eligibility verdict in three-valued (Kleene) logic.', {
  TRUE: ['符合', 'every condition holds on the facts recorded.'],
  FALSE: ['不符合', 'some condition fails on the facts recorded.'],
  UNKNOWN: ['待核实', 'it depends on facts not yet recorded (see missingFacts).'],
} satisfies Record<Tri, readonly [string, string]>);
