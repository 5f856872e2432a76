import { Entity, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../core/base.entity';
import { toGlobalId } from '../../core/relay';

/** One entry of the search thesaurus (see src/search/thesaurus.ts for how queries use it). */
@ObjectType('SearchSynonymSet', {
  description:
    '检索同义词条 — one thesaurus entry: equivalent names (terms only), or what people say (terms) → the words of the texts (targets).',
})
@Entity({ tableName: 'search_synonym_set' })
export class SearchSynonymSet extends BaseEntity {
  get typeName(): string {
    return 'SearchSynonymSet';
  }

  @Field(() => ID, { name: 'id', description: '全局ID — the entry’s global ID.' })
  get gid(): string {
    return toGlobalId(this.typeName, this.id);
  }

  @Field(() => [String], {
    description: '词语 — the words of the entry; without targets each finds the others (临救 ↔ 临时救助).',
  })
  @Property({ type: 'text[]' })
  terms!: string[];

  @Field(() => [String], {
    description: '指向词 — when set, a query with a term also looks for these, one way (着火 → 火灾).',
  })
  @Property({ type: 'text[]' })
  targets: string[] = [];

  @Field(() => String, { nullable: true, description: '修改人 — who last changed the entry (seed for shipped ones).' })
  @Property({ type: 'text', nullable: true })
  updatedBy: string | null = null;

  @Field(() => Date, { description: '修改时间 — when the entry last changed.' })
  get changedAt(): Date {
    return this.updatedAt;
  }
}
