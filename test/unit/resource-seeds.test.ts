import { AssistanceForm, EmergencyType, HouseholdCategory, Registration } from '../../src/core/vocabulary';
import { ResourceKind } from '../../src/modules/resources/resource.enums';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity';
import { AREAS, CITY, DISTRICTS, STREETS } from '../../seeds/data/areas';
import { CITY_ORGANIZATIONS } from '../../seeds/data/organizations';
import { LOCAL_ORGANIZATIONS, RESOURCES, type ResourceSeed } from '../../seeds/data/resources';

const INT_MAX = 2 ** 31 - 1;

type FactType = 'enum' | 'int' | 'bool';

const FACTS: Record<string, { type: FactType; values?: readonly string[] }> = {
  'household.category': { type: 'enum', values: Object.values(HouseholdCategory) },
  'household.registration': { type: 'enum', values: Object.values(Registration) },
  'household.monthlyIncomePerCapita': { type: 'int' },
  'household.size': { type: 'int' },
  'member.age': { type: 'int' },
  'member.disability': { type: 'bool' },
  'member.chronicIllness': { type: 'bool' },
  'case.emergencyType': { type: 'enum', values: Object.values(EmergencyType) },
  'need.form': { type: 'enum', values: Object.values(AssistanceForm) },
};

const OPS = new Set(['eq', 'ne', 'in', 'lt', 'lte', 'gt', 'gte', 'exists']);
const ORDER_OPS = new Set(['lt', 'lte', 'gt', 'gte']);

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Returns a list of problems with a rule tree (empty when well formed); collects the facts used. */
function checkRule(node: unknown, path: string, facts: Set<string>): string[] {
  if (!isObject(node)) return [`${path}: not an object`];
  const keys = Object.keys(node);
  for (const combinator of ['all', 'any'] as const) {
    if (combinator in node) {
      if (keys.length !== 1) return [`${path}: ${combinator} node has extra keys ${keys.join(',')}`];
      const children = node[combinator];
      if (!Array.isArray(children) || children.length === 0) {
        return [`${path}: ${combinator} needs a non-empty array`];
      }
      return children.flatMap((c, i) => checkRule(c, `${path}.${combinator}[${i}]`, facts));
    }
  }
  if ('not' in node) {
    if (keys.length !== 1) return [`${path}: not node has extra keys`];
    return checkRule(node.not, `${path}.not`, facts);
  }

  const problems: string[] = [];
  const { fact, op, value, label } = node;
  const allowed = new Set(['fact', 'op', 'value', 'label']);
  for (const k of keys) if (!allowed.has(k)) problems.push(`${path}: unexpected key ${k}`);
  if (typeof fact !== 'string' || !(fact in FACTS)) return [...problems, `${path}: unknown fact ${String(fact)}`];
  if (typeof op !== 'string' || !OPS.has(op)) return [...problems, `${path}: unknown op ${String(op)}`];
  if (typeof label !== 'string' || !/[\u4e00-\u9fff]/.test(label)) {
    problems.push(`${path}: leaf needs a Chinese label`);
  }
  facts.add(fact);
  const spec = FACTS[fact]!;

  const valueOk = (v: unknown): boolean => {
    switch (spec.type) {
      case 'int':
        return Number.isInteger(v) && (v as number) >= 0 && (v as number) <= INT_MAX;
      case 'bool':
        return typeof v === 'boolean';
      case 'enum':
        return typeof v === 'string' && spec.values!.includes(v);
    }
  };

  if (op === 'exists') return problems;
  if (ORDER_OPS.has(op) && spec.type !== 'int') {
    problems.push(`${path}: ${op} on non-numeric fact ${fact}`);
  }
  if (op === 'in') {
    if (!Array.isArray(value) || value.length === 0) {
      problems.push(`${path}: in needs a non-empty array`);
    } else if (!value.every(valueOk)) {
      problems.push(`${path}: bad value in ${JSON.stringify(value)} for ${fact}`);
    }
  } else if (!valueOk(value)) {
    problems.push(`${path}: bad value ${JSON.stringify(value)} for ${fact}`);
  }
  return problems;
}

function integersIn(x: unknown, out: number[] = []): number[] {
  if (typeof x === 'number') out.push(x);
  else if (Array.isArray(x)) x.forEach((v) => integersIn(v, out));
  else if (isObject(x)) Object.values(x).forEach((v) => integersIn(v, out));
  return out;
}

const byKey = (key: string): ResourceSeed => {
  const r = RESOURCES.find((x) => x.key === key);
  if (!r) throw new Error(`no resource ${key}`);
  return r;
};

describe('resource seeds', () => {
  const areaCodes = new Set(AREAS.map((a) => a.code));
  const orgNames = new Set([...CITY_ORGANIZATIONS, ...LOCAL_ORGANIZATIONS].map((o) => o.name));

  it('has 6–10 local organisations with valid kinds, unique names and known area codes', () => {
    expect(LOCAL_ORGANIZATIONS.length).toBeGreaterThanOrEqual(6);
    expect(LOCAL_ORGANIZATIONS.length).toBeLessThanOrEqual(10);
    expect(orgNames.size).toBe(CITY_ORGANIZATIONS.length + LOCAL_ORGANIZATIONS.length);
    for (const o of LOCAL_ORGANIZATIONS) {
      expect(Object.values(OrganizationKind)).toContain(o.kind);
      expect(areaCodes.has(o.areaCode)).toBe(true);
      expect(o.areaCode).not.toBe(CITY.code);
    }
    expect(LOCAL_ORGANIZATIONS.some((o) => o.kind === OrganizationKind.ENTERPRISE)).toBe(true);
  });

  it('has unique keys', () => {
    const keys = RESOURCES.map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) expect(k).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('has at least 40 live resources and at least 6 of each kind', () => {
    const live = RESOURCES.filter((r) => r.availableUntilDays === undefined || r.availableUntilDays > 0);
    expect(live.length).toBeGreaterThanOrEqual(40);
    for (const kind of Object.values(ResourceKind)) {
      expect(RESOURCES.filter((r) => r.kind === kind).length).toBeGreaterThanOrEqual(6);
    }
  });

  it('uses known providers, enums and area codes, at all three levels', () => {
    const used = new Set<string>();
    for (const r of RESOURCES) {
      expect({ key: r.key, provider: orgNames.has(r.provider) }).toEqual({ key: r.key, provider: true });
      expect(r.title.length).toBeGreaterThan(0);
      expect(r.description.length).toBeGreaterThan(0);
      expect(r.forms.length).toBeGreaterThan(0);
      for (const f of r.forms) expect(Object.values(AssistanceForm)).toContain(f);
      expect(r.emergencyTypes.length).toBeGreaterThan(0);
      for (const t of r.emergencyTypes) expect(Object.values(EmergencyType)).toContain(t);
      expect(r.serviceAreaCodes.length).toBeGreaterThan(0);
      for (const c of r.serviceAreaCodes) {
        expect({ key: r.key, code: c, known: areaCodes.has(c) }).toEqual({ key: r.key, code: c, known: true });
        used.add(c);
      }
    }
    expect(used.has(CITY.code)).toBe(true);
    expect(DISTRICTS.some((d) => used.has(d.code))).toBe(true);
    expect(STREETS.some((s) => used.has(s.code))).toBe(true);
  });

  it('has well-formed eligibility rules using the allowed facts and ops', () => {
    const facts = new Set<string>();
    let nulls = 0;
    for (const r of RESOURCES) {
      if (r.eligibilityRules === null) {
        nulls += 1;
        continue;
      }
      expect({ key: r.key, problems: checkRule(r.eligibilityRules, 'rules', facts) }).toEqual({
        key: r.key,
        problems: [],
      });
    }
    // About a third are open to anyone in the area.
    expect(nulls).toBeGreaterThanOrEqual(Math.floor(RESOURCES.length / 4));
    expect(nulls).toBeLessThanOrEqual(Math.ceil(RESOURCES.length / 2));
    for (const f of [
      'household.category',
      'household.registration',
      'household.monthlyIncomePerCapita',
      'member.age',
      'member.disability',
    ]) {
      expect(facts.has(f)).toBe(true);
    }
  });

  it('keeps every integer a non-negative 32-bit int and capacities consistent', () => {
    for (const r of RESOURCES) {
      for (const n of integersIn({ ...r, availableFromDays: 0, availableUntilDays: 0 })) {
        expect(Number.isInteger(n)).toBe(true);
        expect(n).toBeGreaterThanOrEqual(0);
        expect(n).toBeLessThan(2 ** 31);
      }
      if (r.capacity) {
        expect(r.capacity.total).toBeGreaterThan(0);
        if (r.capacity.remaining !== undefined) {
          expect(r.capacity.remaining).toBeLessThanOrEqual(r.capacity.total);
        }
      }
      if (r.availableFromDays !== undefined && r.availableUntilDays !== undefined) {
        expect(r.availableUntilDays).toBeGreaterThan(r.availableFromDays);
      }
    }
  });

  it('gives each kind its own fields', () => {
    for (const r of RESOURCES) {
      const own = {
        fundSource: r.fundSource !== undefined || r.benefitCapFen !== undefined,
        budget: r.budgetFen !== undefined,
        donation: r.items !== undefined || r.cashFen !== undefined,
        volunteer: r.skills !== undefined || r.hoursPerWeek !== undefined,
      };
      const expected = {
        fundSource: r.kind === ResourceKind.GOVERNMENT_PROGRAMME,
        budget: r.kind === ResourceKind.CHARITY_PROJECT,
        donation: r.kind === ResourceKind.DONATION,
        volunteer: r.kind === ResourceKind.VOLUNTEER_OFFER,
      };
      expect({ key: r.key, ...own }).toEqual({ key: r.key, ...expected });
      if (r.kind === ResourceKind.VOLUNTEER_OFFER) {
        expect(r.skills!.length).toBeGreaterThan(0);
        expect(r.hoursPerWeek).toBeGreaterThan(0);
      }
      for (const item of r.items ?? []) {
        expect(item.quantity).toBeGreaterThan(0);
        if (item.expiresOn !== null) expect(item.expiresOn).toMatch(/^2027-\d\d-\d\d$/);
      }
      if (r.capacity?.unit === 'fen' && r.kind === ResourceKind.CHARITY_PROJECT) {
        expect(r.capacity.total).toBeLessThanOrEqual(r.budgetFen!);
      }
    }
  });

  it('contains the named resources the hub relies on', () => {
    const temp = byKey('city-temporary-assistance');
    expect(temp).toMatchObject({
      kind: ResourceKind.GOVERNMENT_PROGRAMME,
      provider: '上海市民政局',
      forms: [AssistanceForm.CASH],
      serviceAreaCodes: ['310000'],
      legalBasis: 'jiujinan-2017',
      fundSource: '临时救助资金',
    });
    expect(temp.title).toContain('临时救助');
    expect(new Set(temp.emergencyTypes)).toEqual(new Set(Object.values(EmergencyType)));
    expect(temp.capacity?.unit).toBe('fen');
    expect(temp.eligibilityRules).not.toBeNull();

    const medical = RESOURCES.filter(
      (r) =>
        r.kind === ResourceKind.GOVERNMENT_PROGRAMME &&
        r.forms.includes(AssistanceForm.MEDICAL_CARE) &&
        ['上海市民政局', '上海市卫生健康委员会'].includes(r.provider) &&
        [EmergencyType.SUDDEN_ILLNESS, EmergencyType.TRAFFIC_ACCIDENT, EmergencyType.ACCIDENT].every((t) =>
          r.emergencyTypes.includes(t),
        ),
    );
    expect(medical.length).toBeGreaterThanOrEqual(1);

    const shelters = RESOURCES.filter(
      (r) =>
        r.forms.includes(AssistanceForm.TEMPORARY_SHELTER) &&
        r.emergencyTypes.includes(EmergencyType.FIRE) &&
        r.emergencyTypes.includes(EmergencyType.NATURAL_DISASTER),
    );
    expect(shelters.filter((r) => r.kind === ResourceKind.CHARITY_PROJECT).length).toBeGreaterThanOrEqual(2);

    const items = RESOURCES.flatMap((r) => r.items ?? []);
    expect(items.some((i) => i.expiresOn !== null)).toBe(true);
    expect(items.some((i) => i.expiresOn === null)).toBe(true);
    expect(RESOURCES.some((r) => r.kind === ResourceKind.DONATION && r.cashFen !== undefined)).toBe(true);

    const volunteers = RESOURCES.filter((r) => r.kind === ResourceKind.VOLUNTEER_OFFER);
    expect(volunteers.some((r) => r.skills!.includes('心理疏导'))).toBe(true);
    expect(volunteers.some((r) => r.skills!.includes('法律援助'))).toBe(true);
  });

  it('includes nearly-used and expired resources', () => {
    const nearlyUsed = RESOURCES.filter(
      (r) => r.capacity?.remaining !== undefined && r.capacity.remaining / r.capacity.total < 0.1,
    );
    expect(nearlyUsed.length).toBeGreaterThanOrEqual(1);
    expect(RESOURCES.some((r) => r.availableUntilDays !== undefined && r.availableUntilDays < 0)).toBe(true);
  });
});
