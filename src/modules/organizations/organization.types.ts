import { ObjectType } from 'type-graphql';
import { ConnectionType, EdgeType } from '../../core/connection';
import { Organization } from './organization.entity';

@ObjectType('OrganizationEdge', { description: '组织边 — one organisation in a list, with its cursor.' })
export class OrganizationEdge extends EdgeType<Organization>(() => Organization, '组织') {}

@ObjectType('OrganizationConnection', { description: '组织列表 — a page of organisations (Relay connection).' })
export class OrganizationConnection extends ConnectionType<Organization>(() => Organization, () => OrganizationEdge) {}
