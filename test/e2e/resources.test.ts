import {
  CharityProjectCreateDocument,
  DonationCreateDocument,
  GovernmentProgrammeCreateDocument,
  OrganizationCreateDocument,
  OrganizationsDocument,
  ResourceNodeDocument,
  ResourcePauseDocument,
  ResourcePublishDocument,
  ResourcePublishedDocument,
  ResourcesDocument,
  ResourceWithdrawDocument,
  VolunteerOfferCreateDocument,
  type CharityProjectCreateInput,
} from '../generated/graphql';
import { startTestHub, type TestHub } from '../support/hub';
import { subscribe } from '../support/ws';

let t: TestHub;
let coordinator: string;
let charity: string;
let charityOrgId: string;
let otherOrgId: string;

beforeAll(async () => {
  t = await startTestHub();
  coordinator = await t.token('COORDINATOR', { area: '310000' });
  const created = await t.gql(
    OrganizationCreateDocument,
    { input: { name: '南京东路街道邻里互助社', kind: 'SOCIAL_ORGANIZATION', areaCode: '310101002' } },
    { token: coordinator },
  );
  charityOrgId = created.data!.organizationCreate.organization!.id;
  otherOrgId = (await t.gql(OrganizationsDocument, { search: '上海市红十字会' })).data!.organizations.nodes[0]!.id;
  charity = await t.token('CHARITY', { org: charityOrgId, area: '310101002' });
});
afterAll(() => t.close());

/** The fields every kind shares (no budget). */
function common(overrides: Partial<CharityProjectCreateInput> = {}) {
  const { budgetFen: _budget, ...rest } = project(overrides);
  return rest;
}

function project(overrides: Partial<CharityProjectCreateInput> = {}): CharityProjectCreateInput {
  return {
    providerId: charityOrgId,
    title: '火灾受灾家庭过渡安置',
    description: '为本街道火灾受灾家庭提供不超过三十天的临时住所。',
    forms: ['TEMPORARY_SHELTER'],
    emergencyTypes: ['FIRE'],
    serviceAreaCodes: ['310101002'],
    capacity: { unit: '张床位', total: 10 },
    eligibilityRules: {
      all: [
        {
          fact: 'household.registration',
          op: 'in',
          value: ['SHANGHAI_HUKOU', 'RESIDENCE_PERMIT'],
          label: '本市户籍或持居住证',
        },
      ],
    },
    budgetFen: 5_000_000,
    ...overrides,
  };
}

describe('a charity posts its project and subscribers hear of it', () => {
  it('reaches a subscriber filtered on its area, and not one filtered on another form', async () => {
    const byArea = await subscribe(t.url, ResourcePublishedDocument, { filter: { areaCode: '310101' } });
    const byForm = await subscribe(t.url, ResourcePublishedDocument, { filter: { forms: ['CASH'] } });
    try {
      const created = await t.gql(CharityProjectCreateDocument, { input: project() }, { token: charity });
      if (created.errors) console.error(JSON.stringify(created.errors));
      expect(created.data!.charityProjectCreate.userErrors).toEqual([]);
      const resource = created.data!.charityProjectCreate.resource!;
      expect(resource).toMatchObject({
        kind: 'CHARITY_PROJECT',
        status: 'DRAFT',
        capacity: { unit: '张床位', total: 10, remaining: 10 },
        budgetFen: 5_000_000,
      });
      expect(resource.eligibility!.description).toBe('本市户籍或持居住证');

      // A draft is its provider's alone.
      expect((await t.gql(ResourceNodeDocument, { id: resource.id })).data!.node).toBeNull();
      expect((await t.gql(ResourceNodeDocument, { id: resource.id }, { token: charity })).data!.node).toMatchObject({
        status: 'DRAFT',
      });

      const published = await t.gql(ResourcePublishDocument, { input: { id: resource.id } }, { token: charity });
      expect(published.data!.resourcePublish.resource!.status).toBe('PUBLISHED');
      const [event] = await byArea.waitFor(1);
      expect(event!.resourcePublished.resource).toMatchObject({
        id: resource.id,
        title: '火灾受灾家庭过渡安置',
        serviceAreas: [{ code: '310101002' }],
      });
      expect(event!.resourcePublished.cursor).toEqual(expect.any(String));
      await new Promise((r) => setTimeout(r, 300));
      expect(byForm.received).toEqual([]);
      expect((await t.gql(ResourceNodeDocument, { id: resource.id })).data!.node).toMatchObject({
        status: 'PUBLISHED',
      });
    } finally {
      await byArea.close();
      await byForm.close();
    }
  });

  it('replays with `after` the events missed while disconnected, in order', async () => {
    const first = await subscribe(t.url, ResourcePublishedDocument, { filter: { kinds: ['DONATION'] } });
    const publishDonation = async (title: string) => {
      const created = await t.gql(
        DonationCreateDocument,
        {
          input: {
            ...common({ title }),
            forms: ['IN_KIND'],
            capacity: null,
            items: [{ name: '大米', quantity: 20, unit: '袋', expiresOn: '2027-06-30' }],
          },
        },
        { token: charity },
      );
      expect(created.data!.donationCreate.userErrors).toEqual([]);
      await t.gql(
        ResourcePublishDocument,
        { input: { id: created.data!.donationCreate.resource!.id } },
        { token: charity },
      );
    };
    await publishDonation('爱心大米一');
    const [seen] = await first.waitFor(1);
    await first.close();
    await publishDonation('爱心大米二');
    await publishDonation('爱心大米三');
    const again = await subscribe(t.url, ResourcePublishedDocument, {
      filter: { kinds: ['DONATION'] },
      after: seen!.resourcePublished.cursor,
    });
    try {
      const replayed = await again.waitFor(2);
      expect(replayed.map((e) => e.resourcePublished.resource.title)).toEqual(['爱心大米二', '爱心大米三']);
      await publishDonation('爱心大米四');
      const all = await again.waitFor(3);
      expect(all.map((e) => e.resourcePublished.resource.title)).toEqual(['爱心大米二', '爱心大米三', '爱心大米四']);
    } finally {
      await again.close();
    }
  });

  it('rejects a malformed replay cursor', async () => {
    const sub = await subscribe(t.url, ResourcePublishedDocument, { after: 'not-a-cursor' });
    await new Promise((r) => setTimeout(r, 200));
    expect(JSON.stringify(sub.errors)).toMatch(/cursor/);
    await sub.close();
  });
});

describe('who may act for whom', () => {
  it('refuses a charity acting for another organisation', async () => {
    const { errors } = await t.gql(
      CharityProjectCreateDocument,
      { input: project({ providerId: otherOrgId }) },
      { token: charity },
    );
    expect(errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it('refuses a charity creating a government programme', async () => {
    const { errors } = await t.gql(GovernmentProgrammeCreateDocument, { input: common() }, { token: charity });
    expect(errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it('refuses the public and a caseworker', async () => {
    expect((await t.gql(CharityProjectCreateDocument, { input: project() })).errors![0]!.extensions!.code).toBe(
      'UNAUTHENTICATED',
    );
    const caseworker = await t.token('CASEWORKER', { area: '310101002' });
    expect(
      (await t.gql(CharityProjectCreateDocument, { input: project() }, { token: caseworker })).errors![0]!.extensions!
        .code,
    ).toBe('FORBIDDEN');
  });

  it('refuses another charity publishing or withdrawing a resource it does not own', async () => {
    const created = await t.gql(
      CharityProjectCreateDocument,
      { input: project({ title: '别人的项目' }) },
      { token: charity },
    );
    const id = created.data!.charityProjectCreate.resource!.id;
    const redCross = await t.token('CHARITY', { org: otherOrgId });
    // A draft of someone else is invisible: NOT_FOUND, not a hint that it exists.
    const attempt = await t.gql(ResourcePublishDocument, { input: { id } }, { token: redCross });
    expect(attempt.data!.resourcePublish.userErrors[0]!.code).toBe('NOT_FOUND');
    await t.gql(ResourcePublishDocument, { input: { id } }, { token: charity });
    const withdraw = await t.gql(ResourceWithdrawDocument, { input: { id } }, { token: redCross });
    expect(withdraw.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const own = await t.gql(ResourceWithdrawDocument, { input: { id } }, { token: charity });
    expect(own.data!.resourceWithdraw.resource!.status).toBe('WITHDRAWN');
  });

  it('lets a coordinator publish a government programme resting on the policy', async () => {
    const created = await t.gql(
      GovernmentProgrammeCreateDocument,
      {
        input: {
          ...common({
            title: '黄浦区临时救助',
            forms: ['CASH'],
            providerId: otherOrgId,
            capacity: { unit: 'fen', total: 100_000_00 },
          }),
          fundSource: '临时救助资金',
          benefitCapFen: 500_000,
        },
      },
      { token: coordinator },
    );
    expect(created.data!.governmentProgrammeCreate.userErrors).toEqual([]);
    expect(created.data!.governmentProgrammeCreate.resource).toMatchObject({
      kind: 'GOVERNMENT_PROGRAMME',
      fundSource: '临时救助资金',
      benefitCapFen: 500_000,
    });
  });
});

describe('the lifecycle', () => {
  it('pauses a published resource out of public view and resumes it by publishing again', async () => {
    const created = await t.gql(
      CharityProjectCreateDocument,
      { input: project({ title: '可暂停的项目' }) },
      { token: charity },
    );
    const id = created.data!.charityProjectCreate.resource!.id;
    expect(
      (await t.gql(ResourcePauseDocument, { input: { id } }, { token: charity })).data!.resourcePause.userErrors[0]!
        .code,
    ).toBe('WRONG_STATE');
    await t.gql(ResourcePublishDocument, { input: { id } }, { token: charity });
    const paused = await t.gql(ResourcePauseDocument, { input: { id } }, { token: charity });
    expect(paused.data!.resourcePause.resource!.status).toBe('PAUSED');
    expect((await t.gql(ResourceNodeDocument, { id })).data!.node).toBeNull();
    const resumed = await t.gql(ResourcePublishDocument, { input: { id } }, { token: charity });
    expect(resumed.data!.resourcePublish.resource!.status).toBe('PUBLISHED');
    expect((await t.gql(ResourceNodeDocument, { id })).data!.node).toMatchObject({ status: 'PUBLISHED' });
  });
});

describe('input validation', () => {
  it('reports invalid capacity, unknown area codes and malformed rules on the right field', async () => {
    const { data } = await t.gql(
      CharityProjectCreateDocument,
      {
        input: project({
          capacity: { unit: '张床位', total: -5 },
          serviceAreaCodes: ['310101002', '999999'],
          eligibilityRules: { all: [{ fact: 'household.colour', op: 'eq', value: 'red' }] },
        }),
      },
      { token: charity },
    );
    const errors = data!.charityProjectCreate.userErrors;
    expect(data!.charityProjectCreate.resource).toBeNull();
    expect(errors.every((e) => e.code === 'INVALID')).toBe(true);
    expect(errors.map((e) => e.field)).toEqual([
      ['serviceAreaCodes', '1'],
      expect.arrayContaining(['eligibilityRules']),
      ['capacity', 'total'],
    ]);
    expect(errors[1]!.field!.slice(0, 3)).toEqual(['eligibilityRules', 'all', '0']);
  });

  it('writes nothing when the input is invalid', async () => {
    const before = (await t.gql(ResourcesDocument, { first: 1 }, { token: charity })).data!.resources.totalCount;
    await t.gql(CharityProjectCreateDocument, { input: project({ title: '' }) }, { token: charity });
    const after = (await t.gql(ResourcesDocument, { first: 1 }, { token: charity })).data!.resources.totalCount;
    expect(after).toBe(before);
  });

  it('validates volunteer hours and donation items', async () => {
    const volunteer = await t.gql(
      VolunteerOfferCreateDocument,
      { input: { ...common({ forms: ['PROFESSIONAL_SERVICE'] }), skills: ['心理疏导'], hoursPerWeek: 200 } },
      { token: charity },
    );
    expect(volunteer.data!.volunteerOfferCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['hoursPerWeek'] }),
    ]);
    const donation = await t.gql(
      DonationCreateDocument,
      { input: { ...common({ forms: ['IN_KIND'] }), items: [{ name: '棉被', quantity: 0, unit: '床' }] } },
      { token: charity },
    );
    expect(donation.data!.donationCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['items', '0', 'quantity'] }),
    ]);
  });
});

describe('the catalogue as the public sees it', () => {
  it('serves the seeded catalogue with the policy as legal basis of the city 临时救助 programme', async () => {
    const { data } = await t.gql(ResourcesDocument, {
      search: '临时救助',
      filter: { kinds: ['GOVERNMENT_PROGRAMME'], areaCode: '310000' },
      first: 20,
    });
    const programme = data!.resources.edges.find(
      (e) => e.node.legalBasis?.title.includes('救急难') && e.node.serviceAreas.map((a) => a.code).join() === '310000',
    );
    expect(programme).toBeDefined();
    expect(programme!.node.forms).toEqual(['CASH']);
    expect(programme!.highlights.join('')).toContain('<em>');
    const all = (await t.gql(ResourcesDocument, { first: 100 })).data!.resources;
    expect(all.totalCount).toBeGreaterThanOrEqual(40);
    expect(new Set(all.edges.map((e) => e.node.kind)).size).toBe(4);
    expect(all.edges.every((e) => e.node.status === 'PUBLISHED')).toBe(true);
  });

  it('applies the area semantics: a city-wide resource serves every street, a district query sees its streets', async () => {
    const streetResult = await t.gql(ResourcesDocument, { filter: { areaCode: '310115005' }, first: 100 });
    if (streetResult.errors) console.error(JSON.stringify(streetResult.errors));
    const street = streetResult.data!.resources.edges;
    const codes = street.flatMap((e) => e.node.serviceAreas.map((a) => a.code));
    expect(codes).toContain('310000');
    expect(
      street.every((e) => e.node.serviceAreas.some((a) => ['310000', '310115', '310115005'].includes(a.code))),
    ).toBe(true);
    const district = (await t.gql(ResourcesDocument, { filter: { areaCode: '310101' }, first: 100 })).data!.resources
      .edges;
    expect(
      district.some((e) => e.node.serviceAreas.some((a) => a.code.length === 9 && a.code.startsWith('310101'))),
    ).toBe(true);
    expect(
      district.every((e) => e.node.serviceAreas.some((a) => a.code === '310000' || a.code.startsWith('310101'))),
    ).toBe(true);
    const xuhuiOnly = (await t.gql(ResourcesDocument, { filter: { areaCode: '310104' }, first: 100 })).data!.resources
      .edges;
    expect(xuhuiOnly.length).toBeGreaterThan(0);
    expect(
      xuhuiOnly.every((e) => e.node.serviceAreas.some((a) => a.code === '310000' || a.code.startsWith('310104'))),
    ).toBe(true);
  });
});

describe('organisations (write side)', () => {
  it('lets a coordinator register an organisation in its jurisdiction, once', async () => {
    const district = await t.token('COORDINATOR', { area: '310104' });
    const input = { name: '徐汇区测试社工服务社', kind: 'SOCIAL_ORGANIZATION' as const, areaCode: '310104003' };
    const created = await t.gql(OrganizationCreateDocument, { input }, { token: district });
    expect(created.data!.organizationCreate.organization).toMatchObject({
      name: input.name,
      kind: 'SOCIAL_ORGANIZATION',
      area: { code: '310104003' },
    });
    const again = await t.gql(OrganizationCreateDocument, { input }, { token: district });
    expect(again.data!.organizationCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'DUPLICATE', field: ['name'] }),
    ]);
    const elsewhere = await t.gql(
      OrganizationCreateDocument,
      { input: { ...input, name: '别区的组织', areaCode: '310101002' } },
      { token: district },
    );
    expect(elsewhere.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it('reports an unknown area code as INVALID on areaCode, and refuses charities', async () => {
    const bad = await t.gql(
      OrganizationCreateDocument,
      { input: { name: '无名组织', kind: 'FOUNDATION', areaCode: '000000' } },
      { token: coordinator },
    );
    expect(bad.data!.organizationCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['areaCode'] }),
    ]);
    const refused = await t.gql(
      OrganizationCreateDocument,
      { input: { name: '无名组织', kind: 'FOUNDATION', areaCode: '310000' } },
      { token: charity },
    );
    expect(refused.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });
});
