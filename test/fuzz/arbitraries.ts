import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
} from 'graphql';
import { toGlobalId } from '../../src/core/relay';

/** Characters that broke things before or could: NUL, other controls, lone surrogates, RTL marks, SQL and LIKE. */
const NASTY_CHARS = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\ud800',
  '\udfff',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\uffff',
  '%',
  '_',
  '\\',
  "'",
  '"',
  ';',
  '<',
  '>',
  '&',
  '\n',
  '\t',
  '😀',
  '救',
  '急',
  '难',
];

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  "'; drop table area; --",
  '%_%',
  '\\',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%E0%A4%A',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '9999-99-99',
  '2024-02-30',
  '0000-00-00T00:00:00Z',
  '310000',
  '310101002',
  '临时救助',
  '{"all":[]}',
  '__proto__',
  'constructor',
];

export const hostileString = (maxLength = 300): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...NASTY_CHARS), maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
    // Past every length limit.
    { weight: 1, arbitrary: fc.constantFrom('救'.repeat(20_001), 'a'.repeat(100_000), 'x'.repeat(501)) },
  );

export const hostileInt = (): fc.Arbitrary<number> =>
  fc.oneof(
    fc.constantFrom(0, -1, 1, 100, 101, 2_147_483_647, -2_147_483_648, 20, 5),
    fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }),
  );

export const hostileFloat = (): fc.Arbitrary<number> =>
  fc.oneof(fc.constantFrom(0, -0, -1, 1e308, -1e308, 5e-324, 0.1), fc.double({ noNaN: true, noDefaultInfinity: true }));

const TYPES = ['Policy', 'Area', 'Organization', 'Resource', 'CharityProject', 'EmergencyCase', 'Household', 'Need'];

/** IDs: garbage, well-formed IDs of records that do not exist, wrong types, and the real IDs given. */
export const hostileId = (real: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 2, arbitrary: hostileString(100) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...TYPES), fc.uuid()).map(([t, u]) => toGlobalId(t, u)) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...TYPES), hostileString(40)).map(([t, u]) => toGlobalId(t, u)) },
    { weight: 3, arbitrary: real.length ? fc.constantFrom(...real) : fc.constant('') },
  );

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** Cursors: crafted keyset arrays of the wrong shape and type, offsets, garbage. */
export const hostileCursor = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(
      b64('["x","y"]'),
      b64('[]'),
      b64('[null]'),
      b64('[1,2,3,4,5]'),
      b64('[{"a":1},[2]]'),
      b64('["2024-01-01T00:00:00Z","00000000-0000-0000-0000-000000000000"]'),
      b64('o:-1'),
      b64('o:99999999999'),
      b64('o:1e3'),
      b64('{"x":1}'),
      b64('"str"'),
      'ev:0',
      'ev:-1',
      'ev:abc',
      'ev:99999999999999999999',
      '',
    ),
    fc.json().map(b64),
    hostileString(80),
  );

const FACTS = [
  'household.category',
  'household.registration',
  'household.incomePerCapita',
  'case.emergencyType',
  'need.amount',
  'member.age',
  '__proto__',
  'constructor.prototype',
];
const OPS = ['eq', 'ne', 'in', 'lt', 'lte', 'gt', 'gte', 'exists', 'regex', '', 'IN'];

/** Eligibility-rule-shaped JSON, valid and not, nested, with hostile leaves. */
export const hostileRule = (): fc.Arbitrary<unknown> => {
  const { tree } = fc.letrec<{ tree: unknown; leaf: unknown }>((tie) => ({
    leaf: fc.record(
      {
        fact: fc.oneof(fc.constantFrom(...FACTS), hostileString(30)),
        op: fc.constantFrom(...OPS),
        value: fc.oneof(fc.jsonValue(), fc.array(hostileString(20), { maxLength: 3 }), hostileFloat()),
        label: hostileString(30),
      },
      { requiredKeys: [] },
    ),
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      tie('leaf'),
      fc.record({ all: fc.array(tie('tree'), { maxLength: 3 }) }),
      fc.record({ any: fc.array(tie('tree'), { maxLength: 3 }) }),
      fc.record({ not: tie('tree') }),
      fc.jsonValue({ maxDepth: 2 }),
    ),
  }));
  return tree;
};

const ISO_DATES = ['2024-01-01', '1900-01-01', '2100-12-31', '9999-12-31', '2024-13-01', '', 'yesterday'];
const ISO_TIMES = [
  new Date(Date.now() - 3600_000).toISOString(),
  new Date(Date.now() + 86_400_000 * 400).toISOString(),
  '1970-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59+14:00',
  '2024-02-30T00:00:00Z',
  'not a time',
];

export interface ValueContext {
  ids: readonly string[];
  areaCodes: readonly string[];
}

/** A value for a GraphQL input type: mostly of the right shape (so it reaches the resolver), hostile inside. */
export function valueFor(type: GraphQLInputType, name: string, ctx: ValueContext, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return valueFor(type.ofType, name, ctx, depth);
  const nullable = (a: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: 5, arbitrary: a }, { weight: 1, arbitrary: fc.constant(null) });
  if (isListType(type)) {
    return nullable(fc.array(valueFor(type.ofType, name, ctx, depth + 1), { maxLength: depth > 1 ? 2 : 4 }));
  }
  const named = getNamedType(type);
  if (isEnumType(named)) {
    return nullable(
      fc.oneof(
        { weight: 9, arbitrary: fc.constantFrom(...named.getValues().map((v) => v.name)) },
        { weight: 1, arbitrary: hostileString(20) },
      ),
    );
  }
  if (isInputObjectType(named)) {
    if (depth > 3) return fc.constant(null);
    const fields = Object.values(named.getFields());
    const shape: Record<string, fc.Arbitrary<unknown>> = {};
    for (const field of fields) shape[field.name] = valueFor(field.type, field.name, ctx, depth + 1);
    const required = fields.filter((f) => isNonNullType(f.type)).map((f) => f.name);
    return nullable(fc.record(shape, { requiredKeys: required }));
  }
  if (isScalarType(named)) {
    switch (named.name) {
      case 'ID':
        return nullable(hostileId(ctx.ids));
      case 'Int':
        return nullable(hostileInt());
      case 'Float':
        return nullable(hostileFloat());
      case 'Boolean':
        return nullable(fc.boolean());
      case 'Date':
        return nullable(fc.oneof(fc.constantFrom(...ISO_DATES), hostileString(20)));
      case 'DateTime':
        return nullable(
          fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom(...ISO_TIMES) },
            { weight: 1, arbitrary: hostileString(30) },
          ),
        );
      case 'JSON':
      case 'JSONObject':
        return nullable(hostileRule());
      default:
        if (name === 'after' || name === 'before') return nullable(hostileCursor());
        if (/areaCode|Code$/.test(name)) {
          return nullable(
            fc.oneof(
              { weight: 3, arbitrary: fc.constantFrom(...ctx.areaCodes) },
              { weight: 1, arbitrary: hostileString(30) },
            ),
          );
        }
        if (/phone/i.test(name))
          return nullable(fc.oneof(fc.constantFrom('13800000000', '+86 138', '1'.repeat(30)), hostileString(30)));
        return nullable(hostileString());
    }
  }
  return fc.constant(null);
}
