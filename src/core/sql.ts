/**
 * Constant values (enum states) as an SQL list of literals, e.g. `'OPEN', 'PARTLY_MET'`: a literal list
 * lets the planner match partial indexes written with the same list. Only for values of the
 * code's own enums: anything else is refused.
 */
export function sqlList(values: readonly string[]): string {
  if (values.length === 0) throw new RangeError('an SQL list needs at least one value');
  for (const value of values) if (!/^[A-Z][A-Z_]*$/.test(value)) throw new RangeError(`not an enum value: ${value}`);
  return values.map((v) => `'${v}'`).join(', ');
}
