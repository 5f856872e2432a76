import { Field, ObjectType, Query, Resolver } from 'type-graphql';
import { declareEnum, type EnumValue } from '../../core/enums';
import {
  COMPARISON_OPS,
  ELIGIBILITY_FACTS,
  OPS,
  operatorWord,
  unitWord,
  type FactCatalogue,
  type FactSpec,
  type FactType,
  type FactUnit,
  type Op,
} from '../../rules';

export const FactValueType = declareEnum('FactValueType', '事实类型 — what kind of value a fact holds.', {
  ENUM: ['枚举', 'one of a fixed list of values (see options).'],
  INTEGER: ['数值', 'a whole number; money in fen.'],
  BOOLEAN: ['是否', 'true or false.'],
});
export type FactValueType = EnumValue<typeof FactValueType>;

export const FactValueUnit = declareEnum('FactValueUnit', '事实单位 — the unit of a numeric fact.', {
  FEN: ['分', 'money in fen (1/100 yuan); shown to people as 元.'],
  YEARS: ['岁', 'an age in years.'],
  PERSONS: ['人', 'a head count.'],
  DAYS: ['天', 'a span of days.'],
  TIMES: ['次', 'a count of events.'],
});
export type FactValueUnit = EnumValue<typeof FactValueUnit>;

const TYPE_OF: Record<FactType, FactValueType> = {
  enum: FactValueType.ENUM,
  integer: FactValueType.INTEGER,
  boolean: FactValueType.BOOLEAN,
};
const UNIT_OF: Record<FactUnit, FactValueUnit> = {
  fen: FactValueUnit.FEN,
  years: FactValueUnit.YEARS,
  persons: FactValueUnit.PERSONS,
  days: FactValueUnit.DAYS,
  times: FactValueUnit.TIMES,
};

@ObjectType('FactOption', { simpleResolvers: true, description: '事实取值 — one allowed value of an enum fact.' })
export class FactOption {
  @Field({ description: '取值 — the value a rule names, e.g. LOW_INCOME.' })
  value!: string;

  @Field({ description: '名称 — its Chinese label, e.g. 低收入.' })
  label!: string;
}

@ObjectType('FactOperator', {
  simpleResolvers: true,
  description: '规则运算符 — an operator a rule may apply to a fact, with how it reads.',
})
export class FactOperator {
  @Field({ description: '运算符 — the rule’s `op`: eq, ne, in, lt, lte, gt, gte or exists.' })
  op!: string;

  @Field({ description: '读法 — how it reads for this fact, e.g. 不高于 for money, 不大于 for an age.' })
  label!: string;
}

@ObjectType('EligibilityFact', {
  simpleResolvers: true,
  description: '资格事实 — a fact an eligibility rule may test, as the rule builder shows it.',
})
export class EligibilityFact {
  @Field({ description: '事实名 — the rule’s `fact`, e.g. household.monthlyIncomePerCapita.' })
  name!: string;

  @Field({ description: '名称 — its Chinese label, e.g. 家庭月人均收入.' })
  label!: string;

  @Field(() => FactValueType, { description: '类型 — enum, integer or boolean.' })
  type!: FactValueType;

  @Field(() => FactValueUnit, { nullable: true, description: '单位 — for numeric facts; money is in fen.' })
  unit!: FactValueUnit | null;

  @Field({ description: '单位读法 — the unit as shown: 元, 岁, 人, 天, 次; empty when none.' })
  unitLabel!: string;

  @Field({
    description: '按成员 — true when the fact is read per household member (the rule holds when some member has it).',
  })
  perMember!: boolean;

  @Field(() => [FactOption], { description: '取值 — the allowed values of an enum fact; empty otherwise.' })
  options!: FactOption[];

  @Field(() => String, { nullable: true, description: '是的读法 — a boolean fact when true, e.g. 残疾.' })
  yesLabel!: string | null;

  @Field(() => String, { nullable: true, description: '否的读法 — a boolean fact when false, e.g. 无残疾.' })
  noLabel!: string | null;

  @Field(() => [FactOperator], {
    description: '运算符 — the operators this fact accepts (ordering operators for numbers only).',
  })
  operators!: FactOperator[];
}

function factOf<S, M>(name: string, spec: FactSpec<S, M>): EligibilityFact {
  const operators = OPS.filter((op: Op) => spec.type === 'integer' || !COMPARISON_OPS.includes(op));
  return {
    name,
    label: spec.label,
    type: TYPE_OF[spec.type],
    unit: spec.unit ? UNIT_OF[spec.unit] : null,
    unitLabel: unitWord(spec.unit),
    perMember: spec.ofMember !== undefined,
    options: Object.entries(spec.values ?? {}).map(([value, label]) => ({ value, label })),
    yesLabel: spec.type === 'boolean' ? (spec.yes ?? spec.label) : null,
    noLabel: spec.type === 'boolean' ? (spec.no ?? `非${spec.label}`) : null,
    operators: operators.map((op) => ({ op, label: operatorWord(spec, op) })),
  };
}

/** A catalogue as the API shows it, in its order of contribution. */
export function factsOf<S, M>(catalogue: FactCatalogue<S, M>): EligibilityFact[] {
  return catalogue.names().map((name) => factOf(name, catalogue.spec(name)));
}

const ELIGIBILITY = factsOf(ELIGIBILITY_FACTS);

@Resolver()
export class EligibilityFactsResolver {
  @Query(() => [EligibilityFact], {
    description:
      '资格事实目录 — the facts a resource’s eligibility rules may test, with labels, types, units, values and operators (open to all).',
  })
  eligibilityFacts(): EligibilityFact[] {
    return ELIGIBILITY;
  }
}
