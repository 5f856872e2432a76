import { Field, Float, ObjectType } from 'type-graphql';
import { declareEnum, type EnumValue } from '../../core/enums';
import { TriEnum, type Tri as Verdict } from '../../rules';
import { NeedType } from '../cases';
import { ResourceInterface } from '../resources';
import type { Locality } from './engine';

/** The rules engine's verdict, as the GraphQL enum it declares. */
export const Tri = TriEnum;
export type Tri = Verdict;

export const MatchLocality = declareEnum(
  'MatchLocality',
  '服务层级 — the nearest level at which a resource serves the need’s street.',
  {
    STREET: ['本街道', 'the resource serves the need’s own street.'],
    DISTRICT: ['本区', 'it serves the need’s district.'],
    CITY: ['全市', 'it serves the whole city.'],
  },
);
export type MatchLocality = EnumValue<typeof MatchLocality>;

/** A match as resolvers see it: the need's and resource's ids (loaded per request when asked for) and the verdict. */
export interface ResourceMatchData {
  needId: string;
  resourceId: string;
  score: number;
  eligibility: Tri;
  reasons: string[];
  missingFacts: string[];
  locality: Locality;
}

@ObjectType('ResourceMatch', {
  description: '匹配结果 — a resource this need may get, with why and what is still unknown.',
})
export class ResourceMatch {
  @Field(() => NeedType, { description: '需求 — the need matched.' })
  need!: unknown;

  @Field(() => ResourceInterface, { description: '资源 — the resource.' })
  resource!: unknown;

  @Field(() => Float, { description: '得分 — ranking score in [0, 1]; higher is a better fit.' })
  score!: number;

  @Field(() => Tri, { description: '资格 — TRUE, FALSE or UNKNOWN against the household’s recorded facts.' })
  eligibility!: Tri;

  @Field(() => [String], {
    description: '理由 — why, in Chinese: each condition met or not, locality, capacity, relevance.',
  })
  reasons!: string[];

  @Field(() => [String], { description: '缺少信息 — facts to collect before the answer is certain (for UNKNOWN).' })
  missingFacts!: string[];

  @Field(() => MatchLocality, { description: '服务层级 — street, district or city-wide.' })
  locality!: MatchLocality;
}
