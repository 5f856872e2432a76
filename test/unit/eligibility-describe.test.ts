import { describeLeaf, describeRules, formatYuan, type Leaf, type Rule } from '../../src/rules';

const leaf = (fact: Leaf['fact'], op: Leaf['op'], value?: unknown): Leaf =>
  value === undefined ? { fact, op } : { fact, op, value };

describe('formatYuan', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [99, '0.99'],
    [100, '1.00'],
    [200000, '2,000.00'],
    [123456789, '1,234,567.89'],
    [-150, '-1.50'],
  ])('%d fen → %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });
});

describe('describeRules: leaves', () => {
  it.each<[Leaf, string]>([
    [leaf('household.category', 'in', ['MINIMUM_LIVING', 'LOW_INCOME']), '家庭类别为低保家庭或低收入家庭'],
    [
      leaf('household.category', 'in', ['MINIMUM_LIVING', 'LOW_INCOME', 'EXTREME_POVERTY']),
      '家庭类别为低保家庭、低收入家庭或特困人员',
    ],
    [leaf('household.category', 'in', ['NONE']), '家庭类别为一般家庭'],
    [leaf('household.registration', 'eq', 'SHANGHAI_HUKOU'), '户籍为本市户籍'],
    [leaf('household.registration', 'ne', 'OTHER'), '户籍不是其他'],
    [leaf('case.emergencyType', 'eq', 'FIRE'), '急难类型为火灾'],
    [leaf('need.form', 'in', ['CASH', 'IN_KIND']), '需求形式为救助金或实物'],
    [leaf('household.monthlyIncomePerCapita', 'lt', 200000), '家庭月人均收入低于 2,000.00 元'],
    [leaf('household.monthlyIncomePerCapita', 'lte', 145050), '家庭月人均收入不高于 1,450.50 元'],
    [leaf('household.monthlyIncomePerCapita', 'gt', 0), '家庭月人均收入高于 0.00 元'],
    [leaf('household.monthlyIncomePerCapita', 'gte', 100), '家庭月人均收入不低于 1.00 元'],
    [leaf('household.monthlyIncomePerCapita', 'eq', 100), '家庭月人均收入为 1.00 元'],
    [leaf('member.age', 'gte', 60), '成员年龄不小于 60 岁'],
    [leaf('member.age', 'lt', 18), '成员年龄小于 18 岁'],
    [leaf('member.age', 'lte', 6), '成员年龄不大于 6 岁'],
    [leaf('member.age', 'gt', 80), '成员年龄大于 80 岁'],
    [leaf('member.age', 'in', [60, 70]), '成员年龄为 60 岁或 70 岁'],
    [leaf('member.age', 'in', [60, 65, 70]), '成员年龄为 60 岁、65 岁或 70 岁'],
    [leaf('household.size', 'gte', 3), '家庭人口不少于 3 人'],
    [leaf('household.size', 'lt', 2), '家庭人口少于 2 人'],
    [leaf('household.size', 'lte', 4), '家庭人口不多于 4 人'],
    [leaf('household.size', 'gt', 5), '家庭人口多于 5 人'],
    [leaf('household.size', 'ne', 1), '家庭人口不是 1 人'],
    [leaf('member.disability', 'eq', true), '有成员残疾'],
    [leaf('member.disability', 'eq', false), '有成员无残疾'],
    [leaf('member.disability', 'ne', true), '有成员无残疾'],
    [leaf('member.chronicIllness', 'eq', true), '有成员患慢性病'],
    [leaf('member.chronicIllness', 'ne', false), '有成员患慢性病'],
    [leaf('member.chronicIllness', 'in', [true, false]), '有成员患慢性病或无慢性病'],
    [leaf('household.monthlyIncomePerCapita', 'exists'), '已登记家庭月人均收入'],
    [leaf('member.age', 'exists'), '已登记成员年龄'],
    [leaf('member.disability', 'exists'), '已登记残疾情况'],
  ])('%j → %s', (rule, text) => {
    expect(describeRules(rule)).toBe(text);
    expect(describeLeaf(rule)).toBe(text);
  });

  it('prefers the leaf’s own label', () => {
    const labelled: Leaf = {
      ...leaf('household.category', 'in', ['MINIMUM_LIVING', 'LOW_INCOME']),
      label: '低保或低收入家庭',
    };
    expect(describeRules(labelled)).toBe('低保或低收入家庭');
    expect(describeRules({ not: labelled })).toBe('不满足：低保或低收入家庭');
  });
});

describe('describeRules: groups', () => {
  const poor = leaf('household.category', 'in', ['MINIMUM_LIVING', 'LOW_INCOME']);
  const lowIncome = leaf('household.monthlyIncomePerCapita', 'lt', 200000);
  const disabled = leaf('member.disability', 'eq', true);
  const hukou = leaf('household.registration', 'eq', 'SHANGHAI_HUKOU');

  it('joins all with ，且 and any with ，或', () => {
    expect(describeRules({ all: [poor, hukou] })).toBe('家庭类别为低保家庭或低收入家庭，且户籍为本市户籍');
    expect(describeRules({ any: [lowIncome, disabled] })).toBe('家庭月人均收入低于 2,000.00 元，或有成员残疾');
  });

  it('brackets nested groups', () => {
    const rule: Rule = { all: [poor, { any: [lowIncome, { all: [disabled, hukou] }] }] };
    expect(describeRules(rule)).toBe(
      '家庭类别为低保家庭或低收入家庭，且（家庭月人均收入低于 2,000.00 元，或（有成员残疾，且户籍为本市户籍））',
    );
  });

  it('reads not as 不满足：…, bracketing what is compound', () => {
    expect(describeRules({ not: disabled })).toBe('不满足：有成员残疾');
    expect(describeRules({ not: { any: [poor, hukou] } })).toBe(
      '不满足：（家庭类别为低保家庭或低收入家庭，或户籍为本市户籍）',
    );
    expect(describeRules({ all: [hukou, { not: disabled }] })).toBe('户籍为本市户籍，且（不满足：有成员残疾）');
    expect(describeRules({ not: { not: disabled } })).toBe('不满足：（不满足：有成员残疾）');
  });

  it('reads through groups of one', () => {
    expect(describeRules({ all: [{ any: [disabled] }] })).toBe('有成员残疾');
    expect(describeRules({ any: [hukou, { all: [{ any: [poor, lowIncome] }] }] })).toBe(
      '户籍为本市户籍，或（家庭类别为低保家庭或低收入家庭，或家庭月人均收入低于 2,000.00 元）',
    );
  });

  it('is deterministic', () => {
    const rule = (): Rule => ({ all: [poor, { any: [lowIncome, disabled] }, { not: hukou }] });
    expect(describeRules(rule())).toBe(describeRules(rule()));
  });
});
