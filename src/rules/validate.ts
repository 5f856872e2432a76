import Ajv, { type ErrorObject } from 'ajv';
import type { FactCatalogue, FactSpec } from './catalogue';
import { COMPARISON_OPS, OPS, type Op, type Rule } from './rule';

export const MAX_RULE_DEPTH = 8;
export const MAX_RULE_NODES = 100;
export const MAX_IN_VALUES = 100;
export const MAX_LABEL_LENGTH = 200;

export type RulePath = (string | number)[];

export interface RuleError {
  path: RulePath;
  message: string;
}

export type RuleValidation = { ok: true; rules: Rule } | { ok: false; errors: RuleError[] };

/**
 * The shape of a rule tree (JSON Schema draft-07, ajv's default dialect). Node kinds are told apart
 * with if/then/else on the key present rather than oneOf, so a bad node reports its own errors
 * instead of one failure per alternative.
 */
export const RULE_SCHEMA = {
  $id: 'https://jiujinan-hub/schemas/rule.json',
  title: '规则 (rule as data)',
  type: 'object',
  definitions: {
    group: { type: 'array', minItems: 1, maxItems: MAX_RULE_NODES, items: { $ref: '#' } },
    leaf: {
      type: 'object',
      required: ['fact', 'op'],
      properties: {
        fact: { type: 'string' },
        op: { enum: [...OPS] },
        value: true,
        label: { type: 'string', minLength: 1, maxLength: MAX_LABEL_LENGTH, pattern: '\\S' },
      },
      additionalProperties: false,
    },
  },
  if: { type: 'object', required: ['all'] },
  then: { type: 'object', properties: { all: { $ref: '#/definitions/group' } }, additionalProperties: false },
  else: {
    if: { type: 'object', required: ['any'] },
    then: { type: 'object', properties: { any: { $ref: '#/definitions/group' } }, additionalProperties: false },
    else: {
      if: { type: 'object', required: ['not'] },
      then: { type: 'object', properties: { not: { $ref: '#' } }, additionalProperties: false },
      else: { $ref: '#/definitions/leaf' },
    },
  },
} as const;

const validateShape = new Ajv({ allErrors: true }).compile(RULE_SCHEMA);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

// ---- limits: checked first, so a hostile tree never reaches ajv's recursion ----

function limitError(node: unknown, depth: number, path: RulePath, count: { nodes: number }): RuleError | null {
  count.nodes += 1;
  if (count.nodes > MAX_RULE_NODES) {
    return { path: [], message: `规则节点不能超过 ${MAX_RULE_NODES} 个 (at most ${MAX_RULE_NODES} rule nodes)` };
  }
  if (depth > MAX_RULE_DEPTH) {
    return { path, message: `规则嵌套不能超过 ${MAX_RULE_DEPTH} 层 (rules nest at most ${MAX_RULE_DEPTH} levels)` };
  }
  if (!isObject(node)) return null;
  for (const key of ['all', 'any'] as const) {
    const children = node[key];
    if (!Array.isArray(children)) continue;
    for (let i = 0; i < children.length; i += 1) {
      const error = limitError(children[i], depth + 1, [...path, key, i], count);
      if (error) return error;
    }
  }
  return 'not' in node ? limitError(node.not, depth + 1, [...path, 'not'], count) : null;
}

// ---- schema errors, translated ----

/** JSON pointer → path, with array indices as numbers (decided by the data, not by the look of the key). */
function toPath(input: unknown, pointer: string): RulePath {
  const path: RulePath = [];
  let node = input;
  for (const raw of pointer === '' ? [] : pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment = Array.isArray(node) ? Number(key) : key;
    path.push(segment);
    node = isObject(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[segment] : undefined;
  }
  return path;
}

const TYPE_NAMES: Record<string, string> = { array: '数组', string: '字符串' };

function schemaMessage(error: ErrorObject, field: string | number | undefined, data: unknown): string {
  const name = typeof field === 'string' ? field : '规则节点';
  switch (error.keyword) {
    case 'type': {
      const type = String(error.params.type);
      if (type === 'object') return '规则节点应为对象 (a rule node must be an object)';
      return `${name} 应为${TYPE_NAMES[type] ?? type} (must be ${type === 'array' ? 'an' : 'a'} ${type})`;
    }
    case 'required':
      return `缺少 ${String(error.params.missingProperty)} (missing property)`;
    case 'additionalProperties':
      return `不允许的属性 ${String(error.params.additionalProperty)} (unexpected property)`;
    case 'minItems':
      return `${name} 不能为空 (must not be empty)`;
    case 'maxItems':
      return `${name} 不能超过 ${MAX_RULE_NODES} 项 (too many items)`;
    case 'enum':
      return `未知的运算符 ${show(data)} (unknown operator; expected one of ${OPS.join(', ')})`;
    case 'minLength':
    case 'pattern':
      return `${name} 不能为空白 (must not be blank)`;
    case 'maxLength':
      return `${name} 不能超过 ${MAX_LABEL_LENGTH} 个字符 (at most ${MAX_LABEL_LENGTH} characters)`;
    default:
      return `规则格式不正确 (${error.message ?? error.keyword})`;
  }
}

function schemaErrors(input: unknown, errors: ErrorObject[]): RuleError[] {
  const out: RuleError[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword === 'if') continue; // the branch's own errors are reported instead
    const base = toPath(input, error.instancePath);
    const extra = error.params.missingProperty ?? error.params.additionalProperty;
    const path = extra === undefined ? base : [...base, String(extra)];
    const data = base.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], input);
    const message = schemaMessage(error, base.at(-1), data);
    const key = JSON.stringify([path, message]);
    if (!seen.has(key)) out.push({ path, message });
    seen.add(key);
  }
  return out;
}

// ---- semantics the schema cannot express ----

const FACT_TYPE_NAMES = { enum: '枚举', integer: '数值', boolean: '布尔' } as const;

type AnySpec = FactSpec<never, never>;

function valueError(spec: AnySpec, fact: string, value: unknown): string | null {
  if (spec.type === 'integer') {
    return Number.isSafeInteger(value) && (value as number) >= 0
      ? null
      : `${spec.label}的比较值应为非负整数，而不是 ${show(value)} (must be a non-negative integer)`;
  }
  if (spec.type === 'boolean') {
    return typeof value === 'boolean' ? null : `${spec.label}的比较值应为 true 或 false (must be a boolean)`;
  }
  const allowed = Object.keys(spec.values ?? {});
  return typeof value === 'string' && allowed.includes(value)
    ? null
    : `${show(value)} 不是有效的${spec.label}取值 (invalid ${fact} value; expected one of ${allowed.join(', ')})`;
}

interface RawLeaf {
  fact: string;
  op: Op;
  value?: unknown;
}

function leafErrors(leaf: RawLeaf, path: RulePath, errors: RuleError[], catalogue: AnyCatalogue): void {
  const { fact, op, value } = leaf;
  if (!catalogue.has(fact)) {
    errors.push({ path: [...path, 'fact'], message: `未知的事实 ${fact} (unknown fact)` });
    return;
  }
  const spec = catalogue.spec(fact);
  const at = [...path, 'value'];
  if (op === 'exists') {
    if (value !== undefined) errors.push({ path: at, message: 'exists 不接受比较值 (exists takes no value)' });
  } else if (COMPARISON_OPS.includes(op) && spec.type !== 'integer') {
    const message = `运算符 ${op} 只适用于数值事实，${spec.label} (${fact}) 是${FACT_TYPE_NAMES[spec.type]}事实 (operator not allowed for a ${spec.type} fact)`;
    errors.push({ path: [...path, 'op'], message });
  } else if (value === undefined) {
    errors.push({ path: at, message: `运算符 ${op} 需要比较值 (missing value)` });
  } else if (op !== 'in') {
    const message = valueError(spec, fact, value);
    if (message) errors.push({ path: at, message });
  } else if (!Array.isArray(value) || value.length === 0) {
    errors.push({ path: at, message: 'in 需要非空数组 (in needs a non-empty array)' });
  } else if (value.length > MAX_IN_VALUES) {
    errors.push({ path: at, message: `in 的取值不能超过 ${MAX_IN_VALUES} 个 (too many values)` });
  } else {
    value.forEach((item, i) => {
      const message = valueError(spec, fact, item);
      if (message) errors.push({ path: [...at, i], message });
    });
  }
}

type RawRule = { all: RawRule[] } | { any: RawRule[] } | { not: RawRule } | RawLeaf;

type AnyCatalogue = FactCatalogue<never, never>;

function semanticErrors(rule: RawRule, path: RulePath, errors: RuleError[], catalogue: AnyCatalogue): void {
  if ('all' in rule) rule.all.forEach((child, i) => semanticErrors(child, [...path, 'all', i], errors, catalogue));
  else if ('any' in rule) rule.any.forEach((child, i) => semanticErrors(child, [...path, 'any', i], errors, catalogue));
  else if ('not' in rule) semanticErrors(rule.not, [...path, 'not'], errors, catalogue);
  else leafErrors(rule, path, errors, catalogue);
}

/**
 * Checks a rule tree against a catalogue: its size, its shape (JSON Schema), then facts, operators
 * and values. Paths are relative to the rule root; callers prefix their field name.
 */
export function validateRule<S, M>(rules: unknown, catalogue: FactCatalogue<S, M>): RuleValidation {
  const limit = limitError(rules, 1, [], { nodes: 0 });
  if (limit) return { ok: false, errors: [limit] };
  if (!validateShape(rules)) return { ok: false, errors: schemaErrors(rules, validateShape.errors ?? []) };
  const errors: RuleError[] = [];
  semanticErrors(rules as RawRule, [], errors, catalogue as unknown as AnyCatalogue);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rules: rules as Rule };
}
