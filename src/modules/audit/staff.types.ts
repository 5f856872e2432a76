import { Field, ObjectType } from 'type-graphql';
import { Role } from '../../core/auth';

@ObjectType('Staff', { description: '工作人员 — a user named in a record (an owner, an actor).' })
export class Staff {
  @Field({ description: '用户标识 — the token subject of that user.' })
  subject!: string;

  @Field(() => Role, { description: '角色 — the user’s role.' })
  role!: Role;

  organizationId!: string | null;
  areaCode!: string | null;
}
