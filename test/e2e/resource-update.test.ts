import { ELIGIBILITY_FACTS } from '../../src/rules';
import { reserveCapacity } from '../../src/modules/resources';
import {
  DonationCreateDocument,
  EligibilityFactsDocument,
  ResourcePauseDocument,
  ResourcePublishDocument,
  ResourcesDocument,
  ResourceUpdateDocument,
  ResourceWithdrawDocument,
  type DonationCreateInput,
  type ResourceUpdateInput,
} from '../generated/graphql';
import { castOf, type Cast } from '../support/casework';
import { startTestHub, type TestHub } from '../support/hub';
import { resourceLocalId } from '../../src/modules/resources/resource.service';

let t: TestHub;
let cast: Cast;

beforeAll(async () => {
  t = await startTestHub();
  cast = await castOf(t);
});
afterAll(() => t.close());

function donation(overrides: Partial<DonationCreateInput> = {}): DonationCreateInput {
  return {
    providerId: cast.charityOrgId,
    title: `火灾应急生活费-${Date.now()}`,
    description: '为遭遇火灾的家庭提供应急生活费',
    forms: ['CASH'],
    emergencyTypes: ['FIRE'],
    serviceAreaCodes: ['310101'],
    capacity: { unit: 'fen', total: 100_000 },
    cashFen: 100_000,
    ...overrides,
  };
}

async function draft(overrides: Partial<DonationCreateInput> = {}): Promise<string> {
  const created = await t.gql(DonationCreateDocument, { input: donation(overrides) }, { token: cast.charity });
  expect(created.data!.donationCreate.userErrors).toEqual([]);
  return created.data!.donationCreate.resource!.id;
}

async function update(input: ResourceUpdateInput, token = cast.charity) {
  return t.gql(ResourceUpdateDocument, { input }, { token });
}

const lowIncome = {
  all: [
    { fact: 'household.category', op: 'in', value: ['LOW_INCOME', 'MINIMUM_LIVING'] },
    { fact: 'household.monthlyIncomePerCapita', op: 'lte', value: 300_000 },
  ],
};

describe('eligibilityFacts: the fact catalogue the rule builder offers', () => {
  it('lists every fact of the rules engine’s catalogue, with labels, types, units, values and operators', async () => {
    const { data, errors } = await t.gql(EligibilityFactsDocument, {});
    expect(errors).toBeUndefined();
    const facts = data!.eligibilityFacts;
    expect(facts.map((f) => f.name)).toEqual(ELIGIBILITY_FACTS.names());
    const byName = Object.fromEntries(facts.map((f) => [f.name, f]));
    expect(byName['household.monthlyIncomePerCapita']).toMatchObject({
      label: '家庭月人均收入',
      type: 'INTEGER',
      unit: 'FEN',
      unitLabel: '元',
      perMember: false,
      options: [],
    });
    expect(byName['household.monthlyIncomePerCapita']!.operators).toContainEqual({ op: 'lte', label: '不高于' });
    expect(byName['member.age']!.operators).toContainEqual({ op: 'lte', label: '不大于' });
    expect(byName['household.category']).toMatchObject({ type: 'ENUM', unit: null, unitLabel: '' });
    expect(byName['household.category']!.options).toContainEqual({ value: 'LOW_INCOME', label: '低收入家庭' });
    // Ordering operators are for numbers only, as validation says.
    expect(byName['household.category']!.operators.map((o) => o.op)).toEqual(['eq', 'ne', 'in', 'exists']);
    expect(byName['member.disability']).toMatchObject({
      type: 'BOOLEAN',
      perMember: true,
      yesLabel: '残疾',
      noLabel: '无残疾',
    });
  });
});

describe('resourceUpdate: a charity edits its own resources', () => {
  it('edits a draft in full: rules validated as on create, described anew, capacity and search follow', async () => {
    const id = await draft();
    const title = `火灾应急生活费（修订）-${Date.now()}`;
    const edited = await update({
      id,
      title,
      eligibilityRules: lowIncome,
      capacity: { unit: 'fen', total: 200_000 },
      contact: '021-63210000',
    });
    expect(edited.errors).toBeUndefined();
    expect(edited.data!.resourceUpdate.userErrors).toEqual([]);
    const resource = edited.data!.resourceUpdate.resource!;
    expect(resource).toMatchObject({
      title,
      status: 'DRAFT',
      contact: '021-63210000',
      description: '为遭遇火灾的家庭提供应急生活费',
      capacity: { unit: 'fen', total: 200_000, remaining: 200_000 },
      eligibility: {
        rules: lowIncome,
        description: '家庭类别为低收入家庭或低保家庭，且家庭月人均收入不高于 3,000.00 元',
      },
    });
    // The search document was rewritten in the same transaction.
    const found = await t.gql(ResourcesDocument, { search: '修订' }, { token: cast.charity });
    expect(found.data!.resources.edges.map((e) => e.node.id)).toContain(id);

    // Clearing the rules opens it to all in its area again.
    const cleared = await update({ id, eligibilityRules: null });
    expect(cleared.data!.resourceUpdate.resource!.eligibility).toBeNull();
  });

  it('refuses bad input with userErrors and writes nothing', async () => {
    const id = await draft();
    const bad = await update({
      id,
      title: '   ',
      eligibilityRules: { all: [{ fact: 'household.wealth', op: 'lt', value: 1 }] },
      serviceAreaCodes: ['999999'],
    });
    expect(bad.errors).toBeUndefined();
    const fields = bad.data!.resourceUpdate.userErrors.map((e) => e.field?.join('.'));
    expect(fields).toEqual(expect.arrayContaining(['title', 'eligibilityRules.all.0.fact', 'serviceAreaCodes.0']));
    expect(bad.data!.resourceUpdate.resource).toBeNull();

    const cases: [ResourceUpdateInput, string, string][] = [
      [{ id, budgetFen: 1000 }, 'budgetFen', 'INVALID'], // a charity project's field on a donation
      [{ id, forms: null }, 'forms', 'INVALID'], // cannot be cleared
      [{ id, capacity: { unit: 'fen', total: -1 } }, 'capacity.total', 'INVALID'],
      [{ id }, '', 'INVALID'], // nothing to change
    ];
    for (const [input, field, code] of cases) {
      const result = await update(input);
      expect({
        input,
        errors: result.data!.resourceUpdate.userErrors.map((e) => [e.field?.join('.') ?? '', e.code]),
      }).toEqual({ input, errors: [[field, code]] });
    }
    const [row] = await t.orm.em
      .fork()
      .getConnection()
      .execute(`select title, eligibility_rules from resource where id = ?`, [resourceLocalId(id)]);
    expect(row).toMatchObject({ eligibility_rules: null });
    expect(row.title).toMatch(/^火灾应急生活费-/);
  });

  it('a published resource changes only its wording; paused, it changes in full and keeps what is taken', async () => {
    const id = await draft();
    expect(
      (await t.gql(ResourcePublishDocument, { input: { id } }, { token: cast.charity })).data!.resourcePublish
        .userErrors,
    ).toEqual([]);
    const wording = await update({ id, description: '为遭遇火灾的困难家庭提供应急生活费，当日发放' });
    expect(wording.data!.resourceUpdate.userErrors).toEqual([]);
    expect(wording.data!.resourceUpdate.resource).toMatchObject({ status: 'PUBLISHED' });

    const rules = await update({ id, eligibilityRules: lowIncome, title: '新名称' });
    expect(rules.data!.resourceUpdate.userErrors.map((e) => [e.field, e.code])).toEqual([
      [['eligibilityRules'], 'WRONG_STATE'],
    ]);

    // 300 yuan of the 1,000 are taken by a referral.
    const em = t.orm.em.fork();
    await em.transactional((tx) => reserveCapacity(tx, resourceLocalId(id)!, 30_000));
    await t.gql(ResourcePauseDocument, { input: { id } }, { token: cast.charity });
    const below = await update({ id, capacity: { unit: 'fen', total: 20_000 } });
    expect(below.data!.resourceUpdate.userErrors.map((e) => [e.field, e.code])).toEqual([
      [['capacity', 'total'], 'INVALID'],
    ]);
    const unit = await update({ id, capacity: { unit: '份', total: 50 } });
    expect(unit.data!.resourceUpdate.userErrors.map((e) => [e.field, e.code])).toEqual([
      [['capacity', 'unit'], 'INVALID'],
    ]);
    const grown = await update({ id, capacity: { unit: 'fen', total: 150_000 }, eligibilityRules: lowIncome });
    expect(grown.data!.resourceUpdate.userErrors).toEqual([]);
    expect(grown.data!.resourceUpdate.resource!.capacity).toEqual({ unit: 'fen', total: 150_000, remaining: 120_000 });

    await t.gql(ResourceWithdrawDocument, { input: { id } }, { token: cast.charity });
    const gone = await update({ id, title: '撤回之后' });
    expect(gone.data!.resourceUpdate.userErrors.map((e) => [e.field, e.code])).toEqual([[['id'], 'WRONG_STATE']]);
  });

  it('only for its own provider: another charity gets NOT_FOUND for a draft and FORBIDDEN for a published one', async () => {
    const id = await draft();
    const hidden = await update({ id, title: '别人的草稿' }, cast.otherCharity);
    expect(hidden.data!.resourceUpdate.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    await t.gql(ResourcePublishDocument, { input: { id } }, { token: cast.charity });
    const forbidden = await update({ id, title: '别人的资源' }, cast.otherCharity);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const caseworker = await update({ id, title: '工作人员' }, cast.caseworker);
    expect(caseworker.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await t.gql(ResourceUpdateDocument, { input: { id, title: '匿名' } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const unknown = await update({ id: 'RG9uYXRpb246bm9wZQ', title: '不存在' });
    expect(unknown.data!.resourceUpdate.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
  });
});
