import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { NeedType } from '../cases/need.types';
import { ResourceInterface } from '../resources/resource.types';
import type { Locality } from './engine';

export enum Tri {
  TRUE = 'TRUE',
  FALSE = 'FALSE',
  UNKNOWN = 'UNKNOWN',
}

registerEnumType(Tri, {
  name: 'Tri',
  description: '三值判断 — an eligibility verdict in three-valued (Kleene) logic.',
  valuesConfig: {
    TRUE: { description: '符合 — every condition holds on the facts recorded.' },
    FALSE: { description: '不符合 — some condition fails on the facts recorded.' },
    UNKNOWN: { description: '待核实 — it depends on facts not yet recorded (see missingFacts).' },
  },
});

export enum MatchLocality {
  STREET = 'STREET',
  DISTRICT = 'DISTRICT',
  CITY = 'CITY',
}

registerEnumType(MatchLocality, {
  name: 'MatchLocality',
  description: '服务层级 — the nearest level at which a resource serves the need’s street.',
  valuesConfig: {
    STREET: { description: '本街道 — the resource serves the need’s own street.' },
    DISTRICT: { description: '本区 — it serves the need’s district.' },
    CITY: { description: '全市 — it serves the whole city.' },
  },
});

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
