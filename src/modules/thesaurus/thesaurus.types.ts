import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { UserError } from '../../core/user-error';
import { SearchSynonymSet } from './synonym-set.entity';

@InputType({ description: '同义词条写入 — create an entry, or replace one when `id` is given (coordinators).' })
export class SearchSynonymSetUpsertInput {
  @Field(() => ID, { nullable: true, description: '全局ID — the entry to replace; omit to create one.' })
  id?: string | null;

  @Field(() => [String], {
    description: '词语 — 1 to 20 words or phrases of 1 to 20 characters (without targets: at least two).',
  })
  terms!: string[];

  @Field(() => [String], {
    nullable: true,
    description: '指向词 — up to 20 words the terms also look for, one way; omit for an equivalence.',
  })
  targets?: string[] | null;
}

@ObjectType({ description: '同义词条操作结果 — the entry, or why the mutation failed.' })
export class SearchSynonymSetPayload {
  @Field(() => SearchSynonymSet, {
    nullable: true,
    description: '同义词条 — the entry as stored; null when the mutation failed.',
  })
  searchSynonymSet!: SearchSynonymSet | null;

  @Field(() => [UserError], { description: '错误 — expected failures; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: '同义词条删除结果 — the id of the removed entry, or why nothing was removed.' })
export class SearchSynonymSetDeletePayload {
  @Field(() => ID, { nullable: true, description: '已删除ID — the global ID of the removed entry; null on failure.' })
  deletedId!: string | null;

  @Field(() => [UserError], { description: '错误 — expected failures; empty on success.' })
  userErrors!: UserError[];
}
