export type FactType = 'enum' | 'integer' | 'boolean';

/** fen: money in 分, shown as 元; years: an age; persons: a head count; days: a span of days; times: a count of events. */
export type FactUnit = 'fen' | 'years' | 'persons' | 'days' | 'times';

/**
 * What a rule may say about one fact, and where its value is read. `S` is the subject evaluated (a
 * household with its case and need, a household being screened…), `M` one of its members.
 * A fact is either read from the subject (`read`) or from each member (`ofMember`); undefined or
 * null is unknown — never false or zero.
 */
export interface FactSpec<S, M = never> {
  readonly type: FactType;
  /** 中文名, as shown to caseworkers. */
  readonly label: string;
  readonly unit?: FactUnit;
  /** Enum facts: the allowed values and their Chinese labels. */
  readonly values?: Readonly<Record<string, string>>;
  /** Boolean facts: how a member who has / lacks the trait is described. */
  readonly yes?: string;
  readonly no?: string;
  readonly read?: (subject: S) => unknown;
  readonly ofMember?: (member: M) => unknown;
}

/**
 * The facts rules may test, by name. The engine knows no fact itself: each catalogue is built from
 * contributions (`FactCatalogue.of(…).with(…)`), so a module adds its facts without the engine
 * importing it. Names are unique across contributions.
 */
export class FactCatalogue<S, M = never> {
  private readonly specs: Readonly<Record<string, FactSpec<S, M>>>;

  private constructor(
    specs: Record<string, FactSpec<S, M>>,
    /** The subject's members, for facts read per member. */
    readonly membersOf: (subject: S) => readonly M[],
  ) {
    this.specs = Object.freeze(Object.assign(Object.create(null) as Record<string, FactSpec<S, M>>, specs));
  }

  static of<S, M = never>(
    membersOf: (subject: S) => readonly M[],
    facts: Readonly<Record<string, FactSpec<S, M>>>,
  ): FactCatalogue<S, M> {
    return new FactCatalogue<S, M>({}, membersOf).with(facts);
  }

  /** A catalogue with more facts, on a subject that carries at least what this one reads. */
  with<S2 extends S>(facts: Readonly<Record<string, FactSpec<S2, M>>>): FactCatalogue<S2, M> {
    const merged: Record<string, FactSpec<S2, M>> = { ...this.specs };
    for (const [name, spec] of Object.entries(facts)) {
      if (name in merged) throw new Error(`fact ${name} is contributed twice`);
      if ((spec.read === undefined) === (spec.ofMember === undefined)) {
        throw new Error(`fact ${name} needs exactly one of read / ofMember`);
      }
      merged[name] = spec;
    }
    return new FactCatalogue<S2, M>(merged, this.membersOf);
  }

  has(name: unknown): name is string {
    return typeof name === 'string' && name in this.specs;
  }

  /** The spec of a known fact (callers check `has` first, or hold a validated rule). */
  spec(name: string): FactSpec<S, M> {
    const spec = this.specs[name];
    if (spec === undefined) throw new RangeError(`unknown fact ${name}`);
    return spec;
  }

  names(): string[] {
    return Object.keys(this.specs);
  }

  /** `家庭月人均收入 (household.monthlyIncomePerCapita)` — how missing facts are reported. */
  displayName(name: string): string {
    return `${this.spec(name).label} (${name})`;
  }
}
