import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/core/logger';
import { localId, toGlobalId } from '../../src/core/relay';
import { SYSTEM_ACTOR } from '../../src/modules/audit/audit';
import { readHouseholdFacts } from '../../src/modules/households/household-facts';
import { idNumberCheckCharacter } from '../../src/modules/households/id-number';
import {
  AuditEntriesDocument,
  EmergencyReportDocument,
  HouseholdAddressOnlyDocument,
  HouseholdCategoryOnlyDocument,
  HouseholdContactDocument,
  HouseholdCreateDocument,
  HouseholdCreateIdDocument,
  HouseholdFullDocument,
  HouseholdMembersFragmentDocument,
  HouseholdNonPersonalDocument,
  HouseholdsByIdsDocument,
  type HouseholdCreateInput,
} from '../generated/graphql';
import { startTestHub, type TestHub } from '../support/hub';

const STREET = '310101002'; // 南京东路街道, 黄浦区
const XUHUI_STREET = '310104003';

// Everything written to the hub's log, at debug level.
const logged: string[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logged.push(chunk.toString('utf8'));
    done();
  },
});

let t: TestHub;
let providerOrg: string; // global IDs
let otherOrg: string;
const tokens: Record<string, string> = {};

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return t.orm.em.getConnection().execute(query, params);
}

async function orgGlobalId(name: string): Promise<string> {
  const [row] = await sql<{ id: string }>('select id from organization where name = ?', [name]);
  return toGlobalId('Organization', row!.id);
}

beforeAll(async () => {
  t = await startTestHub(
    { logLevel: 'debug', reportRateLimitPerMinute: 1000 },
    { log: createLogger({ logLevel: 'debug' }, logStream) },
  );
  providerOrg = await orgGlobalId('上海市慈善基金会');
  otherOrg = await orgGlobalId('上海市老年基金会');
  tokens.caseworker = await t.token('CASEWORKER', { area: STREET, sub: 'cw-wang' });
  tokens.coordinator = await t.token('COORDINATOR', { area: '310101', sub: 'co-huangpu' });
  tokens.auditor = await t.token('AUDITOR', { area: '310101', sub: 'au-zhao' });
  tokens.xuhuiCaseworker = await t.token('CASEWORKER', { area: XUHUI_STREET, sub: 'cw-xuhui' });
  tokens.xuhuiAuditor = await t.token('AUDITOR', { area: '310104', sub: 'au-xuhui' });
  tokens.provider = await t.token('CHARITY', { org: providerOrg, area: '310000', sub: 'provider-ci' });
  tokens.otherCharity = await t.token('CHARITY', { org: otherOrg, area: '310000', sub: 'other-charity' });
});
afterAll(() => t.close());

// Personal values used below: none of them may reach the log or a response to someone not allowed.
const PERSONAL = {
  address: '黄浦区南京东路一百弄五号三〇二室',
  names: ['王建国测试', '李秀英测试', '王小明测试'],
  idNumbers: ['31010119800101123X', '310101195503152020'],
  phone: '13912345678',
};

// An ID number is unique within the city: each household() is a new family, its two ID numbers the
// base ones with the next sequence number (same region and birth dates); each is added to PERSONAL.
const BASE_IDS = [...PERSONAL.idNumbers];
let families = 0;
function nextIds(): [string, string] {
  const n = families++;
  if (n === 0) return [BASE_IDS[0]!, BASE_IDS[1]!];
  const [a, b] = BASE_IDS.map((id) => {
    const first17 = id.slice(0, 14) + String((Number(id.slice(14, 17)) + n) % 1000).padStart(3, '0');
    return first17 + idNumberCheckCharacter(first17);
  }) as [string, string];
  PERSONAL.idNumbers.push(a, b);
  return [a, b];
}
/** How an auditor sees an ID number. */
const masked = (id: string) => `${id.slice(0, 6)}********${id.slice(14)}`;

function household(overrides: Partial<HouseholdCreateInput> = {}): HouseholdCreateInput {
  const ids = nextIds();
  return {
    areaCode: STREET,
    address: PERSONAL.address,
    category: 'LOW_INCOME',
    registration: 'SHANGHAI_HUKOU',
    monthlyIncomePerCapitaFen: 150000,
    consentBasis: '本人书面同意(救助申请书第3条)',
    members: [
      {
        name: PERSONAL.names[0]!,
        idNumber: ids[0],
        relation: '户主',
        phone: PERSONAL.phone,
        disability: false,
        chronicIllness: true,
      },
      {
        name: PERSONAL.names[1]!,
        idNumber: ids[1],
        birthDate: '1955-03-15',
        relation: '母亲',
        disability: true,
      },
      { name: PERSONAL.names[2]!, birthDate: '2015-06-01', relation: '子女' },
    ],
    ...overrides,
  };
}

async function create(input = household(), token = tokens.caseworker!): Promise<string> {
  const { data, errors } = await t.gql(HouseholdCreateIdDocument, { input }, { token });
  expect(errors).toBeUndefined();
  expect(data!.householdCreate.userErrors).toEqual([]);
  return data!.householdCreate.household!.id;
}

async function count(table: string): Promise<number> {
  const [row] = await sql<{ n: number }>(`select count(*)::int as n from ${table}`);
  return row!.n;
}

interface AuditRow {
  actor_subject: string;
  actor_role: string;
  actor_organization_id: string | null;
  action: string;
  fields: string[];
  purpose: string;
  request_id: string | null;
}

async function auditRows(householdGlobalId: string): Promise<AuditRow[]> {
  return sql<AuditRow>(
    `select actor_subject, actor_role, actor_organization_id, action, fields, purpose, request_id
     from audit_entry where subject_type = 'Household' and subject_id = ? order by id`,
    [localId(householdGlobalId, 'Household')],
  );
}

const code = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  result.errors?.[0]?.extensions?.code;

describe('householdCreate', () => {
  it('records a household for a caseworker of its street, who reads it back in full', async () => {
    const input = household();
    const { data, errors } = await t.gql(HouseholdCreateDocument, { input }, { token: tokens.caseworker });
    expect(errors).toBeUndefined();
    const created = data!.householdCreate.household!;
    expect(created).toMatchObject({
      area: { code: STREET },
      category: 'LOW_INCOME',
      registration: 'SHANGHAI_HUKOU',
      monthlyIncomePerCapitaFen: 150000,
      address: PERSONAL.address,
      consentBasis: '本人书面同意(救助申请书第3条)',
    });
    expect(created.members).toEqual([
      {
        name: PERSONAL.names[0],
        idNumber: input.members[0]!.idNumber,
        birthDate: '1980-01-01', // from the ID number
        relation: '户主',
        phone: PERSONAL.phone,
        disability: false,
        chronicIllness: true,
      },
      {
        name: PERSONAL.names[1],
        idNumber: input.members[1]!.idNumber,
        birthDate: '1955-03-15',
        relation: '母亲',
        phone: null,
        disability: true,
        chronicIllness: null,
      },
      {
        name: PERSONAL.names[2],
        idNumber: null,
        birthDate: '2015-06-01',
        relation: '子女',
        phone: null,
        disability: null,
        chronicIllness: null,
      },
    ]);

    for (const token of [tokens.caseworker, tokens.coordinator]) {
      const read = await t.gql(HouseholdFullDocument, { id: created.id }, { token });
      expect(read.errors).toBeUndefined();
      expect(read.data!.node).toEqual(created);
    }

    const rows = await auditRows(created.id);
    expect(rows[0]).toMatchObject({
      action: 'CREATE',
      actor_subject: 'cw-wang',
      actor_role: 'CASEWORKER',
      purpose: 'CASEWORK',
    });
    expect(rows[0]!.fields).toEqual(
      expect.arrayContaining(['address', 'members.name', 'members.idNumber', 'members.phone', 'consentBasis']),
    );
    const reads = rows.filter((r) => r.action === 'READ');
    expect(reads.map((r) => [r.actor_subject, r.actor_role, r.purpose])).toEqual([
      ['cw-wang', 'CASEWORKER', 'CASEWORK'], // the payload
      ['cw-wang', 'CASEWORKER', 'CASEWORK'],
      ['co-huangpu', 'COORDINATOR', 'CASEWORK'],
    ]);
    for (const read of reads) {
      expect([...read.fields].sort()).toEqual([
        'address',
        'category',
        'consentBasis',
        'members.birthDate',
        'members.chronicIllness',
        'members.disability',
        'members.idNumber',
        'members.name',
        'members.phone',
        'monthlyIncomePerCapitaFen',
        'registration',
      ]);
      expect(read.request_id).toEqual(expect.any(String));
    }
    expect(new Set(reads.map((r) => r.request_id)).size).toBe(3);
  });

  it.each([
    [
      'a wrong ID check digit',
      { members: [{ name: '赵一', relation: '户主', idNumber: '310101195503152021' }] },
      ['members', '0', 'idNumber'],
    ],
    ['a blank consent basis', { consentBasis: '   ' }, ['consentBasis']],
    ['no members', { members: [] }, ['members']],
    ['an unknown area', { areaCode: '310101999' }, ['areaCode']],
    ['a district instead of a street', { areaCode: '310101' }, ['areaCode']],
    [
      'a birth date in the future',
      { members: [{ name: '赵一', relation: '户主', birthDate: '2999-01-01' }] },
      ['members', '0', 'birthDate'],
    ],
    ['a negative income', { monthlyIncomePerCapitaFen: -5 }, ['monthlyIncomePerCapitaFen']],
  ])('refuses %s as INVALID with its path, writing nothing', async (_label, overrides, path) => {
    const before = await Promise.all(['household', 'household_member', 'audit_entry'].map(count));
    const { data, errors } = await t.gql(
      HouseholdCreateIdDocument,
      { input: household(overrides as Partial<HouseholdCreateInput>) },
      { token: tokens.coordinator },
    );
    expect(errors).toBeUndefined();
    expect(data!.householdCreate.household).toBeNull();
    expect(data!.householdCreate.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: path })]);
    expect(await Promise.all(['household', 'household_member', 'audit_entry'].map(count))).toEqual(before);
  });

  it('gives the path of the member at fault', async () => {
    const members = household().members;
    members[1] = { ...members[1]!, idNumber: '310101195503152021' };
    const { data } = await t.gql(
      HouseholdCreateIdDocument,
      { input: household({ members }) },
      { token: tokens.caseworker },
    );
    expect(data!.householdCreate.userErrors.map((e) => e.field)).toEqual([['members', '1', 'idNumber']]);
  });

  it('refuses the public, charities, auditors and caseworkers of another district, writing nothing', async () => {
    const before = await Promise.all(['household', 'audit_entry'].map(count));
    expect(code(await t.gql(HouseholdCreateIdDocument, { input: household() }))).toBe('UNAUTHENTICATED');
    for (const token of [tokens.otherCharity, tokens.provider, tokens.auditor, tokens.xuhuiCaseworker]) {
      const result = await t.gql(HouseholdCreateIdDocument, { input: household() }, { token });
      expect(code(result)).toBe('FORBIDDEN');
      expect(result.data).toBeNull();
    }
    expect(await Promise.all(['household', 'audit_entry'].map(count))).toEqual(before);
  });

  it('writes nothing, and logs nothing personal, when the insert fails half way', async () => {
    const before = await Promise.all(['household', 'household_member', 'audit_entry'].map(count));
    await sql(
      `alter table household_member add constraint test_refuse check (name <> '${PERSONAL.names[2]}') not valid`,
    );
    try {
      const input = household();
      const result = await t.gql(HouseholdCreateIdDocument, { input }, { token: tokens.caseworker });
      expect(code(result)).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(result)).not.toContain(input.members[0]!.idNumber!);
    } finally {
      await sql('alter table household_member drop constraint test_refuse');
    }
    expect(await Promise.all(['household', 'household_member', 'audit_entry'].map(count))).toEqual(before);
    expect(logged.join('')).toContain('resolver fault');
  });
});

describe('reading a household', () => {
  let id: string;
  let ids: string[];
  beforeAll(async () => {
    const input = household();
    ids = input.members.flatMap((m) => (m.idNumber ? [m.idNumber] : []));
    id = await create(input);
  });

  it('shows nothing to the public, an unrelated charity, or staff of another district, and audits nothing', async () => {
    const before = await auditRows(id);
    for (const token of [
      undefined,
      tokens.otherCharity,
      tokens.provider,
      tokens.xuhuiCaseworker,
      tokens.xuhuiAuditor,
    ]) {
      const result = await t.gql(HouseholdFullDocument, { id }, { token });
      expect(result.errors).toBeUndefined();
      expect(result.data!.node).toBeNull();
      const text = JSON.stringify(result);
      for (const value of [PERSONAL.address, PERSONAL.phone, ...PERSONAL.names, ...PERSONAL.idNumbers])
        expect(text).not.toContain(value);
    }
    expect(await auditRows(id)).toEqual(before);
  });

  it('shows an auditor of its district everything, with ID numbers masked, for supervision', async () => {
    const { data, errors } = await t.gql(HouseholdFullDocument, { id }, { token: tokens.auditor });
    expect(errors).toBeUndefined();
    const node = data!.node as { category: string; members: { idNumber: string | null }[] };
    expect(node.members.map((m) => m.idNumber)).toEqual([masked(ids[0]!), masked(ids[1]!), null]);
    expect(masked(ids[0]!)).toMatch(/^310101\*{8}\d{3}[\dX]$/);
    expect(node.members[0]).toMatchObject({ name: PERSONAL.names[0], phone: PERSONAL.phone, birthDate: '1980-01-01' });
    expect(node).toMatchObject({
      category: 'LOW_INCOME',
      address: PERSONAL.address,
      monthlyIncomePerCapitaFen: 150000,
    });
    expect(JSON.stringify(data)).not.toContain(ids[1]!);
    expect((await auditRows(id)).at(-1)).toMatchObject({
      action: 'READ',
      actor_subject: 'au-zhao',
      actor_role: 'AUDITOR',
      purpose: 'SUPERVISION',
    });
  });

  it('audits exactly the fields resolved, through fragments and directives', async () => {
    const token = tokens.caseworker;
    const latest = async () => (await auditRows(id)).at(-1)!;
    await t.gql(HouseholdAddressOnlyDocument, { id }, { token });
    expect((await latest()).fields).toEqual(['address']);
    const named = await t.gql(HouseholdMembersFragmentDocument, { id, withPhone: false }, { token });
    expect(named.data!.node).toEqual({ members: PERSONAL.names.map((name) => ({ name })) });
    expect((await latest()).fields).toEqual(['members.name']);
    await t.gql(HouseholdMembersFragmentDocument, { id, withPhone: true }, { token });
    expect((await latest()).fields).toEqual(['members.name', 'members.phone']);
    // The member list and the street are not personal: only the category (casework data) is audited.
    const before = (await auditRows(id)).length;
    const plain = await t.gql(HouseholdNonPersonalDocument, { id }, { token });
    expect(plain.data!.node).toEqual({
      area: { code: STREET },
      category: 'LOW_INCOME',
      members: [{ relation: '户主' }, { relation: '母亲' }, { relation: '子女' }],
    });
    expect((await auditRows(id)).length).toBe(before + 1);
    expect((await latest()).fields).toEqual(['category']);
  });

  it('discloses nothing when the audit entry cannot be written', async () => {
    await sql(`alter table audit_entry add constraint test_no_reads check (action <> 'READ') not valid`);
    try {
      const result = await t.gql(HouseholdFullDocument, { id }, { token: tokens.caseworker });
      expect(code(result)).toBe('INTERNAL_SERVER_ERROR');
      const text = JSON.stringify(result);
      for (const value of [PERSONAL.address, PERSONAL.phone, ...PERSONAL.names, ...PERSONAL.idNumbers])
        expect(text).not.toContain(value);
    } finally {
      await sql('alter table audit_entry drop constraint test_no_reads');
    }
  });

  it('reads a page of households in a constant number of statements, one audit row per household', async () => {
    const ids = [id, await create(), await create(), await create()];
    async function statements(list: string[], token: string): Promise<number> {
      const knex = t.orm.em.getKnex();
      let n = 0;
      // Background work shares the pool (the outbox reader, the expiry sweeper): count only the request's.
      const onQuery = (query: { sql: string }) => {
        if (!/domain_event|skip locked|^(begin|commit|rollback)/i.test(query.sql)) n++;
      };
      knex.on('query', onQuery);
      try {
        const result = await t.gql(HouseholdsByIdsDocument, { ids: list }, { token });
        expect(result.errors).toBeUndefined();
      } finally {
        knex.off('query', onQuery);
      }
      return n;
    }
    // The fewest of two runs: background work can only add statements, an N+1 would add several.
    const fewest = async (list: string[], token: string) =>
      Math.min(await statements(list, token), await statements(list, token));
    // The households, then one audited read.
    expect(await fewest(ids.slice(0, 1), tokens.caseworker!)).toBe(2);
    expect(await fewest(ids, tokens.caseworker!)).toBe(2);
    // The provider is referred to none of them: the households, one referral check, nothing read.
    expect(await fewest(ids, tokens.provider!)).toBe(2);

    const [latest] = await sql<{ requestId: string }>(
      'select request_id as "requestId" from audit_entry where subject_id = ? order by id desc limit 1',
      [localId(ids[3]!, 'Household')],
    );
    const sameRequest = await sql<{ subject_id: string; fields: string[] }>(
      'select subject_id, fields from audit_entry where request_id = ?',
      [latest!.requestId],
    );
    expect(sameRequest.map((r) => r.subject_id).sort()).toEqual(ids.map((g) => localId(g, 'Household')).sort());
    for (const row of sameRequest)
      expect([...row.fields].sort()).toEqual(['address', 'members.name', 'members.phone', 'monthlyIncomePerCapitaFen']);
  });
});

describe('a provider with an active referral', () => {
  let id: string;
  let referralId: string;
  beforeAll(async () => {
    id = await create();
    const report = await t.gql(EmergencyReportDocument, {
      input: {
        emergencyType: 'FIRE',
        occurredAt: new Date(Date.now() - 3600_000).toISOString(),
        areaCode: STREET,
        description: '住所失火。',
        channel: 'HOTLINE',
        idempotencyKey: `households-${randomUUID()}`,
      },
    });
    const caseId = localId(report.data!.emergencyReport.emergencyCase!.id, 'EmergencyCase')!;
    await sql('update emergency_case set household_id = ? where id = ?', [localId(id, 'Household'), caseId]);
    const [resource] = await sql<{ id: string }>('select id from resource limit 1');
    const [needId, commitmentId] = [randomUUID(), randomUUID()];
    referralId = randomUUID();
    await sql(
      `insert into need (id, created_at, updated_at, case_id, area_code, emergency_type, form, description, urgency, created_by)
       values (?, now(), now(), ?, ?, 'FIRE', 'IN_KIND', '被褥衣物', 'HIGH', 'cw-wang')`,
      [needId, caseId, STREET],
    );
    await sql(
      `insert into commitment (id, created_at, updated_at, need_id, resource_id, amount, hold_until, created_by)
       values (?, now(), now(), ?, ?, 1, now() + interval '2 days', 'cw-wang')`,
      [commitmentId, needId, resource!.id],
    );
    await sql(
      `insert into referral (id, created_at, updated_at, commitment_id, need_id, case_id, area_code, to_organization_id, status)
       values (?, now(), now(), ?, ?, ?, ?, ?, 'SENT')`,
      [referralId, commitmentId, needId, caseId, STREET, localId(providerOrg, 'Organization')],
    );
  });

  it('sees names, phones and the address only, audited for the referral', async () => {
    const { data, errors } = await t.gql(HouseholdContactDocument, { id }, { token: tokens.provider });
    expect(errors).toBeUndefined();
    expect(data!.node).toEqual({
      id,
      area: { code: STREET },
      address: PERSONAL.address,
      consentBasis: null,
      monthlyIncomePerCapitaFen: null,
      members: [
        {
          name: PERSONAL.names[0],
          phone: PERSONAL.phone,
          relation: '户主',
          idNumber: null,
          birthDate: null,
          disability: null,
          chronicIllness: null,
        },
        {
          name: PERSONAL.names[1],
          phone: null,
          relation: '母亲',
          idNumber: null,
          birthDate: null,
          disability: null,
          chronicIllness: null,
        },
        {
          name: PERSONAL.names[2],
          phone: null,
          relation: '子女',
          idNumber: null,
          birthDate: null,
          disability: null,
          chronicIllness: null,
        },
      ],
    });
    const last = (await auditRows(id)).at(-1)!;
    expect(last).toMatchObject({
      action: 'READ',
      actor_subject: 'provider-ci',
      actor_role: 'CHARITY',
      actor_organization_id: providerOrg,
      purpose: 'REFERRAL',
    });
    expect([...last.fields].sort()).toEqual(['address', 'members.name', 'members.phone']);
  });

  it('is FORBIDDEN the category and registration', async () => {
    const result = await t.gql(HouseholdCategoryOnlyDocument, { id }, { token: tokens.provider });
    expect(code(result)).toBe('FORBIDDEN');
    expect(result.data!.node).toBeNull();
  });

  it('is not shared with another charity', async () => {
    expect((await t.gql(HouseholdContactDocument, { id }, { token: tokens.otherCharity })).data!.node).toBeNull();
  });

  it('loses access when the referral is completed', async () => {
    await sql(`update referral set status = 'COMPLETED' where id = ?`, [referralId]);
    try {
      const before = await auditRows(id);
      const result = await t.gql(HouseholdContactDocument, { id }, { token: tokens.provider });
      expect(result.data!.node).toBeNull();
      expect(JSON.stringify(result)).not.toContain(PERSONAL.phone);
      expect(await auditRows(id)).toEqual(before);
    } finally {
      await sql(`update referral set status = 'SENT' where id = ?`, [referralId]);
    }
  });
});

describe('auditEntries', () => {
  let id: string;
  beforeAll(async () => {
    id = await create();
    await t.gql(HouseholdFullDocument, { id }, { token: tokens.coordinator });
    await t.gql(HouseholdAddressOnlyDocument, { id }, { token: tokens.auditor });
  });

  it('lists who read or wrote what, newest first, without any personal value', async () => {
    const { data, errors } = await t.gql(
      AuditEntriesDocument,
      { filter: { subjectId: id } },
      { token: tokens.auditor },
    );
    expect(errors).toBeUndefined();
    const entries = data!.auditEntries.nodes;
    expect(entries.map((e) => [e.action, e.actorSubject, e.purpose])).toEqual([
      ['READ', 'au-zhao', 'SUPERVISION'],
      ['READ', 'co-huangpu', 'CASEWORK'],
      ['CREATE', 'cw-wang', 'CASEWORK'],
    ]);
    expect(entries[0]).toMatchObject({
      subjectType: 'Household',
      subjectId: id,
      fields: ['address'],
      actor: { subject: 'au-zhao', role: 'AUDITOR' },
    });
    expect(data!.auditEntries.totalCount).toBe(3);
    const text = JSON.stringify(data);
    for (const value of [PERSONAL.address, PERSONAL.phone, ...PERSONAL.names, ...PERSONAL.idNumbers])
      expect(text).not.toContain(value);
  });

  it('pages with cursors and filters by actor', async () => {
    const first = await t.gql(
      AuditEntriesDocument,
      { filter: { subjectId: id }, first: 2 },
      { token: tokens.coordinator },
    );
    expect(first.data!.auditEntries.pageInfo.hasNextPage).toBe(true);
    const next = await t.gql(
      AuditEntriesDocument,
      { filter: { subjectId: id }, first: 2, after: first.data!.auditEntries.pageInfo.endCursor },
      { token: tokens.coordinator },
    );
    // Older than the first page, oldest last: the household's creation.
    expect(next.data!.auditEntries.nodes.at(-1)!.action).toBe('CREATE');
    const key = (e: { at: unknown; requestId: string | null }) => `${String(e.at)}|${e.requestId}`;
    const firstKeys = first.data!.auditEntries.nodes.map(key);
    expect(next.data!.auditEntries.nodes.some((e) => firstKeys.includes(key(e)))).toBe(false);
    const byActor = await t.gql(
      AuditEntriesDocument,
      { filter: { actorSubject: 'au-zhao' }, first: 100 },
      { token: tokens.coordinator },
    );
    expect(byActor.data!.auditEntries.nodes.length).toBeGreaterThan(0);
    expect(byActor.data!.auditEntries.nodes.every((e) => e.actorSubject === 'au-zhao')).toBe(true);
  });

  it('keeps to the jurisdiction and to auditors and coordinators', async () => {
    const xuhui = await t.gql(AuditEntriesDocument, { filter: { subjectId: id } }, { token: tokens.xuhuiAuditor });
    expect(xuhui.data!.auditEntries.totalCount).toBe(0);
    for (const token of [tokens.caseworker, tokens.provider])
      expect(code(await t.gql(AuditEntriesDocument, {}, { token }))).toBe('FORBIDDEN');
    expect(code(await t.gql(AuditEntriesDocument, {}))).toBe('UNAUTHENTICATED');
  });
});

describe('readHouseholdFacts', () => {
  it('reads the matching facts and audits the read in the same statement', async () => {
    const id = localId(await create(), 'Household')!;
    const facts = await readHouseholdFacts(t.orm.em.fork(), [id, randomUUID()], SYSTEM_ACTOR, 'MATCHING');
    expect([...facts.keys()]).toEqual([id]);
    expect(facts.get(id)).toEqual({
      category: 'LOW_INCOME',
      registration: 'SHANGHAI_HUKOU',
      monthlyIncomePerCapitaFen: 150000,
      members: [
        { birthDate: '1980-01-01', disability: false, chronicIllness: true },
        { birthDate: '1955-03-15', disability: true, chronicIllness: null },
        { birthDate: '2015-06-01', disability: null, chronicIllness: null },
      ],
    });
    const rows = await auditRows(toGlobalId('Household', id));
    expect(rows.at(-1)).toMatchObject({
      action: 'READ',
      actor_subject: 'system',
      actor_role: 'SYSTEM',
      purpose: 'MATCHING',
      request_id: null,
    });
    expect(rows.at(-1)!.fields).toEqual([
      'category',
      'registration',
      'monthlyIncomePerCapitaFen',
      'members.birthDate',
      'members.disability',
      'members.chronicIllness',
    ]);
  });
});

describe('the log', () => {
  it('was written to, at debug level, and holds no personal value', () => {
    const text = logged.join('');
    expect(text).toContain('"msg":"request"');
    for (const value of [PERSONAL.address, PERSONAL.phone, ...PERSONAL.names, ...PERSONAL.idNumbers])
      expect(text).not.toContain(value);
  });
});
