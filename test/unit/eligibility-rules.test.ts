import { AssistanceForm, EmergencyType, HouseholdCategory, Registration } from '../../src/core/vocabulary';
import { FACT_NAMES, FACTS, MAX_RULE_DEPTH, MAX_RULE_NODES, validateRules, type RuleError } from '../../src/rules';

function errorsOf(rules: unknown): RuleError[] {
  const result = validateRules(rules);
  if (result.ok) throw new Error(`expected ${JSON.stringify(rules)} to be rejected`);
  return result.errors;
}

function pathsOf(rules: unknown): (string | number)[][] {
  return errorsOf(rules).map((e) => e.path);
}

const poor = { fact: 'household.category', op: 'in', value: ['MINIMUM_LIVING', 'LOW_INCOME'] };
const lowIncome = { fact: 'household.monthlyIncomePerCapita', op: 'lt', value: 200000 };
const disabled = { fact: 'member.disability', op: 'eq', value: true };

function nestedNots(levels: number): unknown {
  let node: unknown = disabled;
  for (let i = 1; i < levels; i += 1) node = { not: node };
  return node;
}

describe('FACTS', () => {
  it('describes every fact named in the API with a Chinese label', () => {
    expect(Object.keys(FACTS).sort()).toEqual([...FACT_NAMES].sort());
    expect(FACTS['household.category']).toMatchObject({ type: 'enum', label: '家庭类别' });
    expect(FACTS['household.registration']).toMatchObject({ type: 'enum', label: '户籍' });
    expect(FACTS['household.monthlyIncomePerCapita']).toMatchObject({
      type: 'integer',
      label: '家庭月人均收入',
      unit: 'fen',
    });
    expect(FACTS['household.size']).toMatchObject({ type: 'integer', label: '家庭人口' });
    expect(FACTS['member.age']).toMatchObject({ type: 'integer', label: '成员年龄', unit: 'years' });
    expect(FACTS['member.disability']).toMatchObject({ type: 'boolean', label: '残疾' });
    expect(FACTS['member.chronicIllness']).toMatchObject({ type: 'boolean', label: '慢性病' });
    expect(FACTS['case.emergencyType']).toMatchObject({ type: 'enum', label: '急难类型' });
    expect(FACTS['need.form']).toMatchObject({ type: 'enum', label: '需求形式' });
  });

  it('takes enum values from the shared vocabulary', () => {
    expect(Object.keys(FACTS['household.category'].values ?? {})).toEqual(Object.values(HouseholdCategory));
    expect(Object.keys(FACTS['household.registration'].values ?? {})).toEqual(Object.values(Registration));
    expect(Object.keys(FACTS['case.emergencyType'].values ?? {})).toEqual(Object.values(EmergencyType));
    expect(Object.keys(FACTS['need.form'].values ?? {})).toEqual(Object.values(AssistanceForm));
  });
});

describe('validateRules: good trees', () => {
  it.each([
    ['a single leaf', poor],
    [
      'all / any / not',
      { all: [poor, { any: [lowIncome, disabled] }, { not: { fact: 'member.age', op: 'lt', value: 18 } }] },
    ],
    [
      'every op on a numeric fact',
      { all: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte'].map((op) => ({ fact: 'household.size', op, value: 3 })) },
    ],
    ['in on a number list', { fact: 'member.age', op: 'in', value: [60, 70] }],
    ['exists without value', { fact: 'household.monthlyIncomePerCapita', op: 'exists' }],
    [
      'booleans with eq / ne / in',
      {
        any: [
          disabled,
          { fact: 'member.chronicIllness', op: 'ne', value: false },
          { fact: 'member.disability', op: 'in', value: [true] },
        ],
      },
    ],
    [
      'enum eq / ne',
      {
        all: [
          { fact: 'case.emergencyType', op: 'eq', value: 'FIRE' },
          { fact: 'need.form', op: 'ne', value: 'CASH' },
        ],
      },
    ],
    ['a zero threshold', { fact: 'household.monthlyIncomePerCapita', op: 'lte', value: 0 }],
    ['a leaf with its own label', { ...poor, label: '低保或低收入家庭' }],
    [
      'the example from DESIGN.md',
      { fact: 'household.category', op: 'in', value: ['MINIMUM_LIVING', 'LOW_INCOME'], label: '低保或低收入家庭' },
    ],
  ])('accepts %s', (_name, rules) => {
    expect(validateRules(rules)).toEqual({ ok: true, rules });
  });

  it(`accepts exactly ${MAX_RULE_DEPTH} levels and ${MAX_RULE_NODES} nodes`, () => {
    expect(validateRules(nestedNots(MAX_RULE_DEPTH)).ok).toBe(true);
    expect(validateRules({ all: Array.from({ length: MAX_RULE_NODES - 1 }, () => disabled) }).ok).toBe(true);
  });
});

describe('validateRules: bad trees', () => {
  it.each([null, undefined, 5, 'household.category', true, [], [poor]])(
    'rejects the non-object %p at the root',
    (input) => {
      expect(errorsOf(input)).toEqual([{ path: [], message: '规则节点应为对象 (a rule node must be an object)' }]);
    },
  );

  it('names an unknown fact with its path', () => {
    expect(errorsOf({ all: [poor, { fact: 'household.foo', op: 'eq', value: 1 }] })).toEqual([
      { path: ['all', 1, 'fact'], message: '未知的事实 household.foo (unknown fact)' },
    ]);
  });

  it('rejects an ordering operator on a boolean or enum fact', () => {
    expect(errorsOf({ any: [{ fact: 'member.disability', op: 'gt', value: true }] })).toEqual([
      {
        path: ['any', 0, 'op'],
        message:
          '运算符 gt 只适用于数值事实，残疾 (member.disability) 是布尔事实 (operator not allowed for a boolean fact)',
      },
    ]);
    expect(pathsOf({ not: { fact: 'household.category', op: 'lte', value: 'LOW_INCOME' } })).toEqual([['not', 'op']]);
  });

  it('rejects values outside an enum, for eq and for each bad item of in', () => {
    const [error] = errorsOf({ fact: 'household.registration', op: 'eq', value: 'BEIJING' });
    expect(error.path).toEqual(['value']);
    expect(error.message).toBe(
      'BEIJING 不是有效的户籍取值 (invalid household.registration value; expected one of SHANGHAI_HUKOU, RESIDENCE_PERMIT, OTHER)',
    );
    expect(pathsOf({ all: [disabled, { fact: 'need.form', op: 'in', value: ['CASH', 'MONEY', 7] }] })).toEqual([
      ['all', 1, 'value', 1],
      ['all', 1, 'value', 2],
    ]);
  });

  it('rejects an empty or non-array in', () => {
    expect(errorsOf({ fact: 'need.form', op: 'in', value: [] })).toEqual([
      { path: ['value'], message: 'in 需要非空数组 (in needs a non-empty array)' },
    ]);
    expect(pathsOf({ any: [{ fact: 'need.form', op: 'in', value: 'CASH' }] })).toEqual([['any', 0, 'value']]);
    expect(pathsOf({ fact: 'member.age', op: 'in', value: Array.from({ length: 101 }, (_, i) => i) })).toEqual([
      ['value'],
    ]);
  });

  it('rejects empty all / any groups', () => {
    expect(errorsOf({ all: [] })).toEqual([{ path: ['all'], message: 'all 不能为空 (must not be empty)' }]);
    expect(pathsOf({ not: { any: [] } })).toEqual([['not', 'any']]);
  });

  it('rejects values of the wrong type', () => {
    expect(pathsOf({ fact: 'member.disability', op: 'eq', value: 'true' })).toEqual([['value']]);
    expect(pathsOf({ fact: 'household.size', op: 'gt', value: 2.5 })).toEqual([['value']]);
    expect(pathsOf({ fact: 'household.size', op: 'gt', value: '2' })).toEqual([['value']]);
    expect(errorsOf({ fact: 'household.monthlyIncomePerCapita', op: 'lt', value: -1 })[0].message).toBe(
      '家庭月人均收入的比较值应为非负整数，而不是 -1 (must be a non-negative integer)',
    );
    expect(pathsOf({ fact: 'case.emergencyType', op: 'ne', value: null })).toEqual([['value']]);
  });

  it('requires a value except for exists, which takes none', () => {
    expect(errorsOf({ fact: 'household.size', op: 'eq' })).toEqual([
      { path: ['value'], message: '运算符 eq 需要比较值 (missing value)' },
    ]);
    expect(errorsOf({ fact: 'member.age', op: 'exists', value: true })).toEqual([
      { path: ['value'], message: 'exists 不接受比较值 (exists takes no value)' },
    ]);
  });

  it('rejects unknown operators and missing keys', () => {
    expect(errorsOf({ not: { fact: 'household.size', op: 'between', value: 1 } })).toEqual([
      {
        path: ['not', 'op'],
        message: '未知的运算符 between (unknown operator; expected one of eq, ne, in, lt, lte, gt, gte, exists)',
      },
    ]);
    expect(errorsOf({})).toEqual([
      { path: ['fact'], message: '缺少 fact (missing property)' },
      { path: ['op'], message: '缺少 op (missing property)' },
    ]);
    expect(pathsOf({ fact: 7, op: 'eq', value: 1 })).toEqual([['fact']]);
  });

  it('rejects extra properties, on groups and on leaves', () => {
    expect(errorsOf({ all: [poor], note: 'x' })).toEqual([
      { path: ['note'], message: '不允许的属性 note (unexpected property)' },
    ]);
    expect(pathsOf({ any: [{ ...disabled, description: '残疾' }] })).toEqual([['any', 0, 'description']]);
    expect(pathsOf({ all: [poor], any: [disabled] })).toEqual([['any']]);
    expect(pathsOf({ not: disabled, fact: 'member.age' })).toEqual([['fact']]);
  });

  it('checks labels', () => {
    expect(errorsOf({ ...poor, label: '  ' })).toEqual([
      { path: ['label'], message: 'label 不能为空白 (must not be blank)' },
    ]);
    expect(pathsOf({ ...poor, label: 'x'.repeat(201) })).toEqual([['label']]);
    expect(errorsOf({ ...poor, label: 3 })).toEqual([
      { path: ['label'], message: 'label 应为字符串 (must be a string)' },
    ]);
  });

  it('rejects malformed groups and children with their paths', () => {
    expect(errorsOf({ all: [poor, 3, { any: 'x' }] })).toEqual([
      { path: ['all', 1], message: '规则节点应为对象 (a rule node must be an object)' },
      { path: ['all', 2, 'any'], message: 'any 应为数组 (must be an array)' },
    ]);
    expect(pathsOf({ not: [disabled] })).toEqual([['not']]);
  });

  it('reports every semantic error, in document order', () => {
    const rules = {
      all: [
        { fact: 'x.y', op: 'eq', value: 1 },
        {
          any: [
            { fact: 'member.chronicIllness', op: 'lt', value: 1 },
            { fact: 'need.form', op: 'eq', value: 'LOAN' },
          ],
        },
      ],
    };
    expect(pathsOf(rules)).toEqual([
      ['all', 0, 'fact'],
      ['all', 1, 'any', 0, 'op'],
      ['all', 1, 'any', 1, 'value'],
    ]);
  });

  it(`rejects more than ${MAX_RULE_DEPTH} levels at the first node too deep`, () => {
    const errors = errorsOf({ all: [poor, nestedNots(MAX_RULE_DEPTH)] });
    expect(errors).toEqual([
      {
        path: ['all', 1, 'not', 'not', 'not', 'not', 'not', 'not', 'not'],
        message: '规则嵌套不能超过 8 层 (rules nest at most 8 levels)',
      },
    ]);
  });

  it(`rejects more than ${MAX_RULE_NODES} nodes`, () => {
    expect(errorsOf({ all: Array.from({ length: MAX_RULE_NODES }, () => disabled) })).toEqual([
      { path: [], message: '规则节点不能超过 100 个 (at most 100 rule nodes)' },
    ]);
    expect(
      pathsOf({
        any: [{ all: Array.from({ length: 60 }, () => poor) }, { all: Array.from({ length: 60 }, () => poor) }],
      }),
    ).toEqual([[]]);
  });

  it('survives hostile trees without recursing through them', () => {
    expect(pathsOf(nestedNots(100_000))).toHaveLength(1);
    expect(pathsOf({ all: new Array(1_000_000).fill(0) })).toEqual([[]]);
  });
});
