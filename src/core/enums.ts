import { registerEnumType } from 'type-graphql';

/**
 * One enum value: `[label, english]` gives the label 中文 and the GraphQL description `中文 — english`;
 * `{label, description}` when the description does not start with the label (e.g. a short label
 * 低保家庭 beside a description that opens with 低保).
 */
export type EnumValueSpec = readonly [label: string, english: string] | { label: string; description: string };

/** The values object of a declared enum: `{CASH: 'CASH', …}`, frozen, in declaration order. */
export type DeclaredEnum<K extends string> = { readonly [P in K]: P };

/** The union of a declared enum's values: `type AssistanceForm = EnumValue<typeof AssistanceForm>`. */
export type EnumValue<E> = E[keyof E];

interface EnumMeta {
  name: string;
  labels: Readonly<Record<string, string>>;
  descriptions: Readonly<Record<string, string>>;
}

const META = new WeakMap<object, EnumMeta>();

function read(spec: EnumValueSpec): { label: string; description: string } {
  return 'label' in spec ? spec : { label: spec[0], description: `${spec[0]} — ${spec[1]}` };
}

/**
 * Declares an enum once: its values, their Chinese labels and their GraphQL descriptions, and
 * registers it with type-graphql under `name`. The returned object is used like a TypeScript string
 * enum (`AssistanceForm.CASH`, `Object.values(AssistanceForm)`, `@Enum(() => AssistanceForm)`).
 */
export function declareEnum<const K extends string>(
  name: string,
  description: string,
  values: Readonly<Record<K, EnumValueSpec>>,
): DeclaredEnum<K> {
  const object: Record<string, string> = {};
  const labels: Record<string, string> = {};
  const descriptions: Record<string, string> = {};
  const valuesConfig: Record<string, { description: string }> = {};
  for (const [key, spec] of Object.entries<EnumValueSpec>(values)) {
    const value = read(spec);
    object[key] = key;
    labels[key] = value.label;
    descriptions[key] = value.description;
    valuesConfig[key] = { description: value.description };
  }
  const declared = Object.freeze(object) as DeclaredEnum<K>;
  META.set(declared, { name, labels: Object.freeze(labels), descriptions: Object.freeze(descriptions) });
  registerEnumType(declared, {
    name,
    description,
    valuesConfig: valuesConfig as Partial<Record<K, { description: string }>>,
  });
  return declared;
}

function metaOf(declared: object): EnumMeta {
  const meta = META.get(declared);
  if (!meta) throw new TypeError('not an enum made by declareEnum');
  return meta;
}

/** The Chinese label of each value: `labelsOf(AssistanceForm).CASH === '救助金'`. */
export function labelsOf<K extends string>(declared: DeclaredEnum<K>): Readonly<Record<K, string>> {
  return metaOf(declared).labels as Record<K, string>;
}

/** The GraphQL description of each value (`救助金 — cash assistance…`). */
export function descriptionsOf<K extends string>(declared: DeclaredEnum<K>): Readonly<Record<K, string>> {
  return metaOf(declared).descriptions as Record<K, string>;
}

/** Whether `value` is one of the enum's values. */
export function isEnumValue<K extends string>(declared: DeclaredEnum<K>, value: unknown): value is K {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(declared, value);
}
