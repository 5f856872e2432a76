import { declareEnum, type EnumValue } from '../../core/enums';
import { Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../core/base.entity';
import { Node } from '../../core/relay';
import { Area } from '../areas';

export const OrganizationKind = declareEnum('OrganizationKind', '组织类型 — what kind of body an organisation is.', {
  GOVERNMENT_DEPARTMENT: ['政府部门', 'a government department (民政、财政、人社…).'],
  MASS_ORGANIZATION: ['群团组织', '工会、共青团、妇联、残联.'],
  RED_CROSS: ['红十字会', 'the Red Cross.'],
  FOUNDATION: ['基金会', 'a foundation (慈善基金会、帮困互助基金会、老年基金会…).'],
  SOCIAL_ORGANIZATION: ['社会组织', 'a social organisation or social-work agency.'],
  ENTERPRISE: ['企业', 'a company giving donations or services.'],
});
export type OrganizationKind = EnumValue<typeof OrganizationKind>;

@ObjectType({
  implements: Node,
  description: '组织 — a department, charity or company that gives or coordinates help.',
})
@Entity({ tableName: 'organization' })
export class Organization extends BaseEntity {
  get typeName(): string {
    return 'Organization';
  }

  @Field({ description: '名称 — the organisation’s registered name.' })
  @Property({ type: 'text', unique: true })
  name!: string;

  @Field(() => OrganizationKind, { description: '类型 — kind of organisation.' })
  @Enum({ items: () => OrganizationKind, nativeEnumName: 'organization_kind' })
  kind!: OrganizationKind;

  @Index()
  @ManyToOne(() => Area, { ref: true })
  area!: Ref<Area>;

  @Field({ description: '已核验 — true once civil affairs has verified the organisation.' })
  @Property({ type: 'boolean', default: false })
  verified: boolean = false;
}
