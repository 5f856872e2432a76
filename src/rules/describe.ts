import type { FactCatalogue, FactSpec, FactUnit } from './catalogue';
import { isLeaf, type Leaf, type Op, type Rule } from './rule';

// Any catalogue: describing reads only the specs' labels, never their readers.
type AnyCatalogue = FactCatalogue<never, never>;
type AnySpec = FactSpec<never, never>;

/** Comparison words per unit: money reads 低于/高于, ages 小于/大于, head counts 少于/多于. */
const COMPARISON_WORDS: Record<FactUnit, Record<'lt' | 'lte' | 'gt' | 'gte', string>> = {
  fen: { lt: '低于', lte: '不高于', gt: '高于', gte: '不低于' },
  years: { lt: '小于', lte: '不大于', gt: '大于', gte: '不小于' },
  persons: { lt: '少于', lte: '不多于', gt: '多于', gte: '不少于' },
  days: { lt: '少于', lte: '不多于', gt: '多于', gte: '不少于' },
  times: { lt: '少于', lte: '不多于', gt: '多于', gte: '不少于' },
};

const UNIT_SUFFIX: Record<FactUnit, string> = { fen: '元', years: '岁', persons: '人', days: '天', times: '次' };

/** How an operator reads for a fact, e.g. 不高于 for money, 不大于 for an age, 为 for an enum. */
export function operatorWord<S, M>(spec: FactSpec<S, M>, op: Op): string {
  if (op === 'exists') return '已登记';
  if (op === 'eq' || op === 'in') return '为';
  if (op === 'ne') return '不是';
  return COMPARISON_WORDS[spec.unit ?? 'persons'][op];
}

/** The suffix a fact's values carry in Chinese: 元, 岁, 人, 天, 次; empty when it has no unit. */
export function unitWord(unit: FactUnit | undefined): string {
  return unit ? UNIT_SUFFIX[unit] : '';
}

/** 200000 → `2,000.00`: fen as yuan with two decimals and thousands separators (no ICU dependency). */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${yuan}.${cents}`;
}

function formatValue(spec: AnySpec, value: unknown): string {
  if (spec.type === 'enum') return spec.values?.[String(value)] ?? String(value);
  if (spec.type === 'boolean') return value === true ? '是' : '否';
  if (spec.unit === 'fen') return `${formatYuan(Number(value))} ${UNIT_SUFFIX.fen}`;
  return spec.unit ? `${String(value)} ${UNIT_SUFFIX[spec.unit]}` : String(value);
}

/** `A`, `A或B`, `A、B或C`; `gap` is the space a number needs after a Chinese character. */
function joinAlternatives(items: string[], gap = ''): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join('、')}或${gap}${items[items.length - 1]}`;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** Member traits read as 有成员残疾 / 有成员无残疾; `in [true, false]` as 有成员残疾或无残疾. */
function describeMemberBoolean(spec: AnySpec, op: Op, value: unknown): string {
  const trait = (v: unknown): string => (v === true ? spec.yes : spec.no) ?? spec.label;
  if (op === 'ne') return `有成员${trait(value !== true)}`;
  const traits = [...new Set(asList(value).map(trait))];
  return `有成员${joinAlternatives(traits)}`;
}

/** A boolean fact of the subject itself: 独居老人 / 非独居老人. */
function describeSubjectBoolean(spec: AnySpec, op: Op, value: unknown): string {
  const trait = (v: unknown): string => (v === true ? (spec.yes ?? spec.label) : (spec.no ?? `非${spec.label}`));
  if (op === 'ne') return trait(value !== true);
  return joinAlternatives([...new Set(asList(value).map(trait))]);
}

/** 已登记家庭月人均收入, 已登记残疾情况. */
function describeExists(spec: AnySpec): string {
  return spec.type === 'boolean' ? `已登记${spec.label}情况` : `已登记${spec.label}`;
}

function generateLeafText(leaf: Leaf, catalogue: AnyCatalogue): string {
  const spec = catalogue.spec(leaf.fact);
  if (leaf.op === 'exists') return describeExists(spec);
  if (spec.type === 'boolean') {
    return spec.ofMember
      ? describeMemberBoolean(spec, leaf.op, leaf.value)
      : describeSubjectBoolean(spec, leaf.op, leaf.value);
  }
  const gap = spec.type === 'integer' ? ' ' : '';
  switch (leaf.op) {
    case 'eq':
      return `${spec.label}为${gap}${formatValue(spec, leaf.value)}`;
    case 'ne':
      return `${spec.label}不是${gap}${formatValue(spec, leaf.value)}`;
    case 'in': {
      const values = asList(leaf.value).map((v) => formatValue(spec, v));
      return `${spec.label}为${gap}${joinAlternatives(values, gap)}`;
    }
    default:
      return `${spec.label}${COMPARISON_WORDS[spec.unit ?? 'persons'][leaf.op]} ${formatValue(spec, leaf.value)}`;
  }
}

/** One leaf in Chinese: its own `label` when given, else generated from the fact's label. */
export function describeLeaf<S, M>(leaf: Leaf, catalogue: FactCatalogue<S, M>): string {
  return leaf.label ?? generateLeafText(leaf, catalogue as unknown as AnyCatalogue);
}

/** A group of one child says nothing by itself: read through to what it holds. */
function unwrapSingle(rule: Rule): Rule {
  let node = rule;
  for (;;) {
    if ('all' in node && node.all.length === 1) node = node.all[0];
    else if ('any' in node && node.any.length === 1) node = node.any[0];
    else return node;
  }
}

/**
 * A deterministic Chinese reading of a rule tree, e.g.
 * `家庭类别为低保家庭或低收入家庭，且（家庭月人均收入低于 2,000.00 元，或有成员残疾）`.
 */
export function describeRules<S, M>(rule: Rule, catalogue: FactCatalogue<S, M>): string {
  /** Inside a group, compound parts are bracketed so `，且` / `，或` never read ambiguously. */
  const part = (child: Rule): string => {
    const node = unwrapSingle(child);
    return isLeaf(node) ? describeLeaf(node, catalogue) : `（${describeRules(node, catalogue)}）`;
  };
  const node = unwrapSingle(rule);
  if (isLeaf(node)) return describeLeaf(node, catalogue);
  if ('not' in node) {
    const inner = unwrapSingle(node.not);
    return `不满足：${isLeaf(inner) ? describeLeaf(inner, catalogue) : `（${describeRules(inner, catalogue)}）`}`;
  }
  // Validation forbids empty groups; these readings only keep unvalidated input from printing nothing.
  if ('all' in node) return node.all.length === 0 ? '无资格限制' : node.all.map(part).join('，且');
  return node.any.length === 0 ? '无可满足的条件' : node.any.map(part).join('，或');
}
