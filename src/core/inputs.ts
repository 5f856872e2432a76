import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: '按ID操作 — the input of a mutation that needs only an object’s ID.' })
export class IdInput {
  @Field(() => ID, { description: '全局ID — the object’s global ID.' })
  id!: string;
}
