import { Field, InputType, ObjectType } from 'type-graphql';
import { UserError } from '../../core/user-error';
import { ConnectionType, EdgeType } from '../../core/connection';
import { Organization, OrganizationKind } from './organization.entity';

@ObjectType('OrganizationEdge', { description: '组织边 — one organisation in a list, with its cursor.' })
export class OrganizationEdge extends EdgeType<Organization>(() => Organization, '组织') {}

@ObjectType('OrganizationConnection', { description: '组织列表 — a page of organisations (Relay connection).' })
export class OrganizationConnection extends ConnectionType<Organization>(
  () => Organization,
  () => OrganizationEdge,
) {}

@InputType({ description: '新建组织 — register an organisation (coordinators).' })
export class OrganizationCreateInput {
  @Field({ description: '名称 — the registered name; unique.' })
  name!: string;

  @Field(() => OrganizationKind, { description: '类型 — kind of organisation.' })
  kind!: OrganizationKind;

  @Field({ description: '所在区划 — the code of the area it belongs to.' })
  areaCode!: string;
}

@ObjectType({ description: '组织操作结果 — the organisation, or why the mutation failed.' })
export class OrganizationPayload {
  @Field(() => Organization, { nullable: true, description: '组织 — the organisation; null when the mutation failed.' })
  organization!: Organization | null;

  @Field(() => [UserError], { description: '错误 — expected failures; empty on success.' })
  userErrors!: UserError[];
}
