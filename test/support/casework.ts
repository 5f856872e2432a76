import {
  CaseVerifyDocument,
  CharityProjectCreateDocument,
  EmergencyCaseAcceptDocument,
  EmergencyReportDocument,
  HouseholdCreateIdDocument,
  NeedCreateDocument,
  OrganizationCreateDocument,
  ResourcePublishDocument,
  type CharityProjectCreateInput,
  type HouseholdCreateInput,
  type NeedCreateInput,
} from '../generated/graphql';
import type { TestHub } from './hub';
import { idNumberCheckCharacter } from '../../src/modules/households/id-number';

export const STREET = '310101002'; // 南京东路街道, 黄浦区
export const DISTRICT = '310101';
export const OTHER_DISTRICT_STREET = '310104008'; // 枫林路街道, 徐汇区

let serial = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${serial++}`;

/** Tokens for the people of one street's casework. */
export async function castOf(t: TestHub, orgName = unique('南京东路街道互助社')) {
  const coordinator = await t.token('COORDINATOR', { area: '310000', sub: unique('city-coordinator') });
  const created = await t.gql(
    OrganizationCreateDocument,
    { input: { name: orgName, kind: 'SOCIAL_ORGANIZATION', areaCode: STREET } },
    { token: coordinator },
  );
  const charityOrgId = created.data!.organizationCreate.organization!.id;
  const otherOrg = await t.gql(
    OrganizationCreateDocument,
    { input: { name: `${orgName}-其他`, kind: 'FOUNDATION', areaCode: DISTRICT } },
    { token: coordinator },
  );
  const otherOrgId = otherOrg.data!.organizationCreate.organization!.id;
  return {
    coordinator,
    districtCoordinator: await t.token('COORDINATOR', { area: DISTRICT, sub: unique('district-coordinator') }),
    caseworker: await t.token('CASEWORKER', { area: STREET, sub: unique('caseworker') }),
    colleague: await t.token('CASEWORKER', { area: STREET, sub: unique('colleague') }),
    outsider: await t.token('CASEWORKER', { area: OTHER_DISTRICT_STREET, sub: unique('outsider') }),
    auditor: await t.token('AUDITOR', { area: DISTRICT, sub: unique('auditor') }),
    charity: await t.token('CHARITY', { org: charityOrgId, area: STREET, sub: unique('charity') }),
    otherCharity: await t.token('CHARITY', { org: otherOrgId, area: DISTRICT, sub: unique('other-charity') }),
    charityOrgId,
    otherOrgId,
  };
}

export type Cast = Awaited<ReturnType<typeof castOf>>;

/** Every ID number `household()` has handed out in this process, for checks that none leaks. */
export const issuedIdNumbers: string[] = [];
let people = 0;
/**
 * A new person born on 1949-12-31: an ID number is unique within the city, so every household()
 * is a different family (registering the same family again is refused as DUPLICATE).
 */
function newIdNumber(): string {
  const n = people++;
  const first17 = `3101${String(1 + (Math.floor(n / 1000) % 99)).padStart(2, '0')}19491231${String(n % 1000).padStart(3, '0')}`;
  const id = first17 + idNumberCheckCharacter(first17);
  issuedIdNumbers.push(id);
  return id;
}

export function household(overrides: Partial<HouseholdCreateInput> = {}): HouseholdCreateInput {
  return {
    areaCode: STREET,
    address: '南京东路街道某弄12号302室',
    category: 'LOW_INCOME',
    registration: 'SHANGHAI_HUKOU',
    consentBasis: '本人书面同意（救急难申请表第3页），依据《个人信息保护法》第十三条',
    members: [
      {
        name: '王建国',
        idNumber: newIdNumber(),
        birthDate: '1949-12-31',
        relation: '户主',
        phone: '13912345678',
        chronicIllness: true,
      },
      { name: '王小明', birthDate: '2015-06-01', relation: '孙子' },
    ],
    ...overrides,
  };
}

export function project(
  providerId: string,
  overrides: Partial<CharityProjectCreateInput> = {},
): CharityProjectCreateInput {
  return {
    providerId,
    title: unique('火灾受灾家庭应急救助金'),
    description: '为遭受火灾的困难家庭提供一次性应急救助金。',
    forms: ['CASH'],
    emergencyTypes: ['FIRE'],
    serviceAreaCodes: [DISTRICT],
    capacity: { unit: 'fen', total: 1_000_000 },
    ...overrides,
  };
}

/** A charity project created and published by its provider; returns its global id. */
export async function publishedProject(t: TestHub, token: string, input: CharityProjectCreateInput): Promise<string> {
  const created = await t.gql(CharityProjectCreateDocument, { input }, { token });
  const resource = created.data?.charityProjectCreate.resource;
  if (!resource)
    throw new Error(
      `project not created: ${JSON.stringify(created.errors ?? created.data?.charityProjectCreate.userErrors)}`,
    );
  const published = await t.gql(ResourcePublishDocument, { input: { id: resource.id } }, { token });
  if (published.data?.resourcePublish.resource?.status !== 'PUBLISHED') throw new Error('project not published');
  return resource.id;
}

/** Report (as the public), accept and verify a case with a new household; returns their ids. */
export async function verifiedCase(
  t: TestHub,
  cast: Cast,
  options: { household?: Partial<HouseholdCreateInput>; emergencyType?: 'FIRE' | 'SUDDEN_ILLNESS' } = {},
) {
  const reported = await t.gql(EmergencyReportDocument, {
    input: {
      emergencyType: options.emergencyType ?? 'FIRE',
      occurredAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
      areaCode: STREET,
      description: '居民家中起火，房屋受损，一家暂无住处。',
      channel: 'HOTLINE',
      idempotencyKey: unique('report'),
    },
  });
  const caseId = reported.data!.emergencyReport.emergencyCase!.id;
  const accepted = await t.gql(EmergencyCaseAcceptDocument, { input: { id: caseId } }, { token: cast.caseworker });
  expectNoErrors(accepted.data?.emergencyCaseAccept.userErrors, accepted.errors);
  const created = await t.gql(
    HouseholdCreateIdDocument,
    { input: household(options.household) },
    { token: cast.caseworker },
  );
  expectNoErrors(created.data?.householdCreate.userErrors, created.errors);
  const householdId = created.data!.householdCreate.household!.id;
  const verified = await t.gql(
    CaseVerifyDocument,
    { input: { id: caseId, householdId, verified: true, note: '入户核实属实' } },
    { token: cast.caseworker },
  );
  expectNoErrors(verified.data?.emergencyCaseVerify.userErrors, verified.errors);
  return { caseId, householdId };
}

export async function needOf(t: TestHub, token: string, input: NeedCreateInput): Promise<string> {
  const created = await t.gql(NeedCreateDocument, { input }, { token });
  expectNoErrors(created.data?.needCreate.userErrors, created.errors);
  return created.data!.needCreate.need!.id;
}

export function expectNoErrors(userErrors: unknown[] | undefined, errors: unknown): void {
  if (errors || !userErrors || userErrors.length > 0)
    throw new Error(`unexpected errors: ${JSON.stringify(errors ?? userErrors)}`);
}

/** Today in Asia/Shanghai. */
export function today(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}
