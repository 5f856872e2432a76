/** Kleene truth values: UNKNOWN means a fact the rule needs has not been collected. */
export type Tri = 'TRUE' | 'FALSE' | 'UNKNOWN';

export const TRI_VALUES: readonly Tri[] = ['TRUE', 'FALSE', 'UNKNOWN'];
