import { Lifecycle, type Transition } from '../../src/core/lifecycle';
import {
  CASE_LIFECYCLE,
  CASE_STATES_TAKING_HELP,
  caseMayVerify,
  caseOverdue,
  caseTakesHelp,
  respondCase,
  verifyCase,
} from '../../src/modules/cases/case.lifecycle';
import { NEED_LIFECYCLE, OPEN_NEED_STATUSES, needIsOpen } from '../../src/modules/cases/need.lifecycle';
import {
  CAPPED_COMMITMENT_STATUSES,
  COMMITMENT_LIFECYCLE,
  OUTSTANDING_COMMITMENT_STATUSES,
} from '../../src/modules/referrals/commitment.lifecycle';
import { ACTIVE_REFERRAL_STATUSES, REFERRAL_LIFECYCLE } from '../../src/modules/referrals/referral.lifecycle';

/** The table as `step: 'FROM|FROM → TO'` (`=` when the state stays): the whole table in one readable value. */
function written<S extends string, K extends string>(lifecycle: Lifecycle<S, K>): Record<string, string> {
  return Object.fromEntries(
    Object.entries<Transition<S>>(lifecycle.steps).map(([step, t]) => [step, `${t.from.join('|')} → ${t.to ?? '='}`]),
  );
}

/** The states reachable from the initial one. */
function reachable<S extends string, K extends string>(lifecycle: Lifecycle<S, K>): Set<S> {
  const seen = new Set<S>([lifecycle.initial]);
  for (let grew = true; grew;) {
    grew = false;
    for (const t of Object.values<Transition<S>>(lifecycle.steps)) {
      if (t.to !== null && !seen.has(t.to) && t.from.some((s) => seen.has(s))) {
        seen.add(t.to);
        grew = true;
      }
    }
  }
  return seen;
}

const ALL = [CASE_LIFECYCLE, NEED_LIFECYCLE, REFERRAL_LIFECYCLE, COMMITMENT_LIFECYCLE] as Lifecycle<string, string>[];

describe('lifecycle tables', () => {
  it.each(ALL.map((l) => [l.name, l] as const))('%s: every state is reachable from the initial one', (_, l) => {
    expect([...reachable(l)].sort()).toEqual([...l.states].sort());
  });

  it('the case table', () => {
    expect(written(CASE_LIFECYCLE)).toEqual({
      verify: 'REPORTED → VERIFIED',
      verifyLate: 'VERIFIED|RESPONDING|ASSISTED → =',
      reject: 'REPORTED → REJECTED',
      expedite: 'REPORTED → =',
      respond: 'REPORTED|VERIFIED|RESPONDING|ASSISTED → RESPONDING',
      commit: 'REPORTED|VERIFIED|RESPONDING|ASSISTED → =',
      assist: 'REPORTED|VERIFIED|RESPONDING → ASSISTED',
      close: 'ASSISTED → CLOSED',
      closeUnassisted: 'VERIFIED|RESPONDING → CLOSED',
    });
    expect(CASE_LIFECYCLE.initial).toBe('REPORTED');
    expect(CASE_LIFECYCLE.final).toEqual(['CLOSED', 'REJECTED']);
    expect(CASE_STATES_TAKING_HELP).toEqual(['REPORTED', 'VERIFIED', 'RESPONDING', 'ASSISTED']);
  });

  it('the need table', () => {
    expect(written(NEED_LIFECYCLE)).toEqual({
      escalate: 'OPEN|PARTLY_MET|ESCALATED → ESCALATED',
      cancel: 'OPEN|PARTLY_MET|ESCALATED → CANCELLED',
      commit: 'OPEN|PARTLY_MET|ESCALATED → =',
      deliverPart: 'OPEN|PARTLY_MET|ESCALATED|MET → PARTLY_MET',
      deliverAll: 'OPEN|PARTLY_MET|ESCALATED|MET → MET',
    });
    expect(NEED_LIFECYCLE.final).toEqual(['CANCELLED']);
    expect(OPEN_NEED_STATUSES).toEqual(['OPEN', 'PARTLY_MET', 'ESCALATED']);
    expect(NEED_LIFECYCLE.sql('commit')).toBe(`'OPEN', 'PARTLY_MET', 'ESCALATED'`);
    expect(needIsOpen({ status: 'MET' })).toBe(false);
    expect(needIsOpen({ status: 'ESCALATED' })).toBe(true);
  });

  it('the referral table', () => {
    expect(written(REFERRAL_LIFECYCLE)).toEqual({
      accept: 'SENT → ACCEPTED',
      start: 'ACCEPTED → IN_PROGRESS',
      decline: 'SENT|ACCEPTED|IN_PROGRESS → DECLINED',
      cancel: 'SENT|ACCEPTED|IN_PROGRESS → CANCELLED',
      lapse: 'SENT → CANCELLED',
      complete: 'ACCEPTED|IN_PROGRESS → COMPLETED',
    });
    expect(REFERRAL_LIFECYCLE.final).toEqual(['DECLINED', 'COMPLETED', 'CANCELLED']);
    expect(ACTIVE_REFERRAL_STATUSES).toEqual(['SENT', 'ACCEPTED', 'IN_PROGRESS']);
  });

  it('the commitment table', () => {
    expect(written(COMMITMENT_LIFECYCLE)).toEqual({
      confirm: 'HELD → CONFIRMED',
      use: 'CONFIRMED → USED',
      release: 'HELD|CONFIRMED → RELEASED',
      lapse: 'HELD → RELEASED',
    });
    expect(COMMITMENT_LIFECYCLE.final).toEqual(['USED', 'RELEASED']);
    expect(OUTSTANDING_COMMITMENT_STATUSES).toEqual(['HELD', 'CONFIRMED']);
    expect(CAPPED_COMMITMENT_STATUSES).toEqual(['HELD', 'CONFIRMED', 'USED']);
    expect(COMMITMENT_LIFECYCLE.sql('lapse')).toBe(`'HELD'`);
  });

  it('takes a step the table allows and refuses one it does not, leaving the state as it was', () => {
    const referral = { status: REFERRAL_LIFECYCLE.initial };
    REFERRAL_LIFECYCLE.step('accept', referral);
    expect(referral.status).toBe('ACCEPTED');
    expect(() => REFERRAL_LIFECYCLE.step('lapse', referral)).toThrow('Referral.lapse is not allowed from ACCEPTED');
    expect(referral.status).toBe('ACCEPTED');
    const commitment = { status: COMMITMENT_LIFECYCLE.initial };
    expect(() => COMMITMENT_LIFECYCLE.step('use', commitment)).toThrow();
    COMMITMENT_LIFECYCLE.step('confirm', commitment);
    COMMITMENT_LIFECYCLE.step('use', commitment);
    expect(commitment.status).toBe('USED');
  });

  it('refuses a table naming an unknown state or a step from nowhere', () => {
    expect(() => new Lifecycle('X', ['A', 'B'], 'A', { go: { from: ['A'], to: 'C' as 'B' } })).toThrow(
      'unknown state C',
    );
    expect(() => new Lifecycle('X', ['A', 'B'], 'A', { go: { from: [], to: 'B' } })).toThrow('leaves from no state');
    expect(() => new Lifecycle('X', ['A'], 'Z' as 'A', {})).toThrow('unknown initial state');
  });

  describe('the case steps ask the table and the case', () => {
    const day = 24 * 3600_000;
    const at = new Date(Date.UTC(2026, 0, 10));
    const aCase = (over: Partial<Parameters<typeof caseTakesHelp>[0]> = {}) => ({
      status: CASE_LIFECYCLE.initial,
      expedited: false,
      verifiedAt: null,
      firstAssistedAt: null,
      verifyDueAt: new Date(at.getTime() + day),
      respondDueAt: new Date(at.getTime() + 2 * day),
      ...over,
    });

    it('a new report takes help only when expedited; an assisted case takes more; an ended one none', () => {
      expect(caseTakesHelp(aCase())).toBe(false);
      expect(caseTakesHelp(aCase({ expedited: true }))).toBe(true);
      expect(caseTakesHelp(aCase({ status: 'ASSISTED', verifiedAt: at }))).toBe(true);
      expect(caseTakesHelp(aCase({ status: 'CLOSED', verifiedAt: at }))).toBe(false);
    });

    it('verifies once: a report, or afterwards an expedited case that already got help', () => {
      const report = aCase();
      expect(caseMayVerify(report)).toBe(true);
      verifyCase(report);
      expect(report.status).toBe('VERIFIED');
      expect(caseMayVerify({ ...report, verifiedAt: at })).toBe(false);
      const late = aCase({ status: 'ASSISTED', expedited: true });
      expect(caseMayVerify(late)).toBe(true);
      verifyCase(late);
      expect(late.status).toBe('ASSISTED');
      expect(caseMayVerify(aCase({ status: 'ASSISTED' }))).toBe(false);
    });

    it('responds (once) when a need is added, and is overdue by the deadline of the step it waits for', () => {
      const c = aCase({ status: 'VERIFIED', verifiedAt: at });
      expect(respondCase(c)).toBe(true);
      expect(respondCase(c)).toBe(false);
      expect(c.status).toBe('RESPONDING');
      expect(caseOverdue(aCase(), new Date(at.getTime() + day + 1))).toBe(true);
      expect(caseOverdue(aCase(), at)).toBe(false);
      expect(caseOverdue(c, new Date(at.getTime() + 2 * day + 1))).toBe(true);
      expect(caseOverdue({ ...c, status: 'ASSISTED' }, new Date(at.getTime() + 3 * day))).toBe(false);
    });
  });
});
