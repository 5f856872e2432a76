import { declareEnum, type EnumValue } from '../../core/enums';
import { Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../core/base.entity';
import { Node } from '../../core/relay';

export const AreaLevel = declareEnum('AreaLevel', '行政区划级别 — level in the city / district / street tree.', {
  CITY: ['市', 'the city (上海市).'],
  DISTRICT: ['区', 'a district (e.g. 黄浦区).'],
  STREET: ['街道/乡镇', 'a street or town, where casework happens.'],
});
export type AreaLevel = EnumValue<typeof AreaLevel>;

@ObjectType({
  implements: Node,
  description: '行政区划 — an area of the 市/区/街镇 tree; every record is scoped by one.',
})
@Entity({ tableName: 'area' })
export class Area extends BaseEntity {
  get typeName(): string {
    return 'Area';
  }

  @Field({ description: '区划代码 — GB/T 2260 style code: 310000, 310101, 310101002.' })
  @Property({ type: 'text', unique: true })
  code!: string;

  @Field({ description: '名称 — official name, e.g. 南京东路街道.' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => AreaLevel, { description: '级别 — city, district or street.' })
  @Enum({ items: () => AreaLevel, nativeEnumName: 'area_level' })
  level!: AreaLevel;

  @Index()
  @ManyToOne(() => Area, { nullable: true, ref: true })
  parent: Ref<Area> | null = null;
}
