import { type GraphQLEnumType } from 'graphql';
import { buildSchema, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { declareEnum, descriptionsOf, isEnumValue, labelsOf, type EnumValue } from '../../src/core/enums';
import {
  ELIGIBILITY_FACTS,
  explain,
  FactCatalogue,
  rulesFor,
  type Facts,
  type MemberFacts,
  type Rule,
} from '../../src/rules';

// A module contributes its own facts to the eligibility vocabulary; the engine imports none of them.
interface ScreenedFacts extends Facts {
  screening: { livesAlone?: boolean | null; daysSinceVisit?: number | null };
}

const screened = ELIGIBILITY_FACTS.with<ScreenedFacts>({
  'household.livesAlone': {
    type: 'boolean',
    label: '独居',
    yes: '独居',
    no: '非独居',
    read: (f) => f.screening.livesAlone,
  },
  'screening.daysSinceVisit': {
    type: 'integer',
    label: '距上次走访',
    unit: 'days',
    read: (f) => f.screening.daysSinceVisit,
  },
});
const risk = rulesFor(screened);

function subject(over: Partial<ScreenedFacts['screening']> = {}, members: MemberFacts[] = []): ScreenedFacts {
  return {
    household: { category: 'MINIMUM_LIVING', registration: 'SHANGHAI_HUKOU', monthlyIncomePerCapita: 90000 },
    members,
    case: {},
    need: {},
    screening: { livesAlone: true, daysSinceVisit: 200, ...over },
  };
}

const elderlyAlone: Rule = {
  all: [
    { fact: 'household.livesAlone', op: 'eq', value: true },
    { fact: 'member.age', op: 'gte', value: 70 },
  ],
};

describe('rules engine: contributed facts', () => {
  it('validates, describes and evaluates facts contributed by a module', () => {
    expect(risk.validate(elderlyAlone).ok).toBe(true);
    expect(risk.describe(elderlyAlone)).toBe('独居，且成员年龄不小于 70 岁');
    expect(risk.describe({ fact: 'screening.daysSinceVisit', op: 'gt', value: 90 })).toBe('距上次走访多于 90 天');
    expect(risk.evaluate(elderlyAlone, subject({}, [{ age: 81 }])).result).toBe('TRUE');
    expect(risk.evaluate(elderlyAlone, subject({ livesAlone: false }, [{ age: 81 }])).result).toBe('FALSE');
  });

  it('names a missing fact and leaves the verdict UNKNOWN, never guessed', () => {
    const out = risk.evaluate(elderlyAlone, subject({ livesAlone: null }, [{ age: 81 }]));
    expect(out.result).toBe('UNKNOWN');
    expect(out.missing).toEqual(['household.livesAlone']);
    expect(risk.explain(out).missingFacts).toEqual(['独居 (household.livesAlone)']);
    expect(risk.verdict(elderlyAlone, subject({ livesAlone: null }, [{ age: 81 }]))).toBe('UNKNOWN');
  });

  it('returns outcomes as codes; the Chinese reasons are made from them', () => {
    const out = risk.evaluate(elderlyAlone, subject({}, [{ age: 40 }]));
    expect(out.outcomes).toEqual([
      { code: 'RULE_MET', label: '独居' },
      { code: 'RULE_NOT_MET', label: '成员年龄不小于 70 岁' },
    ]);
    expect(explain(out, screened).reasons).toEqual(['符合：独居', '不符合：成员年龄不小于 70 岁']);
  });

  it('keeps the vocabularies apart: the eligibility catalogue does not know contributed facts', () => {
    const eligibilityOnly = rulesFor(ELIGIBILITY_FACTS).validate(elderlyAlone);
    expect(eligibilityOnly.ok).toBe(false);
    expect(!eligibilityOnly.ok && eligibilityOnly.errors[0]).toEqual({
      path: ['all', 0, 'fact'],
      message: '未知的事实 household.livesAlone (unknown fact)',
    });
  });

  it('refuses a fact contributed twice, or one with no reader', () => {
    expect(() => screened.with({ 'household.livesAlone': { type: 'boolean', label: 'x', read: () => null } })).toThrow(
      /contributed twice/,
    );
    expect(() => FactCatalogue.of<object>(() => [], { 'x.y': { type: 'integer', label: 'x' } })).toThrow(
      /exactly one of read/,
    );
  });
});

describe('declareEnum', () => {
  const Colour = declareEnum('TestColour', '颜色 — a colour.', {
    RED: ['红色', 'red.'],
    DARK: { label: '深色', description: '深 — any dark colour.' },
  });
  type Colour = EnumValue<typeof Colour>;

  @ObjectType({ description: '测试 — a test object.' })
  class Paint {
    @Field(() => Colour, { description: '颜色 — the colour.' })
    colour!: Colour;
  }

  @Resolver()
  class PaintResolver {
    @Query(() => Paint, { description: '测试 — a paint.' })
    paint(): Paint {
      return { colour: Colour.RED };
    }
  }

  it('declares the values, labels and descriptions once', () => {
    expect(Colour).toEqual({ RED: 'RED', DARK: 'DARK' });
    expect(Object.isFrozen(Colour)).toBe(true);
    expect(labelsOf(Colour)).toEqual({ RED: '红色', DARK: '深色' });
    expect(descriptionsOf(Colour)).toEqual({ RED: '红色 — red.', DARK: '深 — any dark colour.' });
    expect(isEnumValue(Colour, 'RED')).toBe(true);
    expect(isEnumValue(Colour, 'BLUE')).toBe(false);
  });

  it('registers the GraphQL enum with a description per value', async () => {
    const schema = await buildSchema({ resolvers: [PaintResolver], validate: false });
    const type = schema.getType('TestColour') as GraphQLEnumType;
    expect(type.description).toBe('颜色 — a colour.');
    expect(type.getValues().map((v) => [v.name, v.description])).toEqual([
      ['RED', '红色 — red.'],
      ['DARK', '深 — any dark colour.'],
    ]);
    void Paint;
  });
});
