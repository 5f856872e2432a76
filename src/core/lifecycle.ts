import { sqlList } from './sql';

/** One step of a lifecycle: the states it may leave from, and the state it goes to (null: the state stays). */
export interface Transition<S extends string> {
  readonly from: readonly S[];
  readonly to: S | null;
}

/**
 * An aggregate's lifecycle as one table of allowed transitions (`*.lifecycle.ts`). Services ask it
 * whether a step may be taken and take it through `step`; SQL asks it for its state lists (`sql`),
 * so no list of states is written twice.
 */
export class Lifecycle<S extends string, K extends string> {
  constructor(
    /** The aggregate, for messages: `EmergencyCase`. */
    readonly name: string,
    /** Every state, in the enum's order. */
    readonly states: readonly S[],
    /** The state a new aggregate starts in. */
    readonly initial: S,
    readonly steps: Readonly<Record<K, Transition<S>>>,
  ) {
    const known = new Set<string>(states);
    if (!known.has(initial)) throw new RangeError(`${name}: unknown initial state ${initial}`);
    for (const [step, t] of Object.entries<Transition<S>>(steps)) {
      if (t.from.length === 0) throw new RangeError(`${name}.${step} leaves from no state`);
      for (const s of [...t.from, ...(t.to === null ? [] : [t.to])])
        if (!known.has(s)) throw new RangeError(`${name}.${step}: unknown state ${s}`);
    }
  }

  /** Whether `step` may leave from `state`. */
  can(step: K, state: S): boolean {
    return this.steps[step].from.includes(state);
  }

  /** The states `step` leaves from. */
  from(step: K): readonly S[] {
    return this.steps[step].from;
  }

  /** The state `step` goes to (a step that keeps the state has none). */
  to(step: K): S {
    const to = this.steps[step].to;
    if (to === null) throw new RangeError(`${this.name}.${step} keeps the state`);
    return to;
  }

  /** The states no step leaves from. */
  get final(): readonly S[] {
    const leaving = new Set<S>(Object.values<Transition<S>>(this.steps).flatMap((t) => t.from));
    return this.states.filter((s) => !leaving.has(s));
  }

  /** Every state but the final ones. */
  get live(): readonly S[] {
    const final = new Set(this.final);
    return this.states.filter((s) => !final.has(s));
  }

  /**
   * Takes `step` on `subject`: its status becomes the step's target (or stays). A step the table does
   * not allow from the subject's state is a bug of the caller, which asks `can` first to answer WRONG_STATE.
   */
  step(step: K, subject: { status: S }): void {
    if (!this.can(step, subject.status)) throw new Error(`${this.name}.${step} is not allowed from ${subject.status}`);
    const to = this.steps[step].to;
    if (to !== null) subject.status = to;
  }

  /** The states `step` leaves from as an SQL list of literals (`'OPEN', 'PARTLY_MET'`), for partial indexes. */
  sql(step: K): string {
    return sqlList(this.from(step));
  }
}
