import { Lifecycle } from '../../core/lifecycle';
import { NeedStatus } from './need.enums';

const { OPEN, PARTLY_MET, MET, ESCALATED, CANCELLED } = NeedStatus;

/** Still waiting for help: matching, commitments and reverse matching look at these. */
const WAITING = [OPEN, PARTLY_MET, ESCALATED];

/** 需求的流转: the one table of the steps a need may take. */
export const NEED_LIFECYCLE = new Lifecycle('Need', Object.values(NeedStatus), OPEN, {
  /** 统筹协调: sent up to the district, then the city. */
  escalate: { from: WAITING, to: ESCALATED },
  /** 撤销需求: no longer needed. */
  cancel: { from: WAITING, to: CANCELLED },
  /** Capacity is reserved for it; the state stays. */
  commit: { from: WAITING, to: null },
  /** Help delivered, less than what was asked (a second referral may still deliver to a met need). */
  deliverPart: { from: [...WAITING, MET], to: PARTLY_MET },
  /** Help delivered: all that was asked, or what was asked had no measure. */
  deliverAll: { from: [...WAITING, MET], to: MET },
});

/** Needs still waiting for help: matching, commitments and reverse matching look at these. */
export const OPEN_NEED_STATUSES = NEED_LIFECYCLE.from('commit');

/** Whether the need still waits for help (neither met nor withdrawn). */
export function needIsOpen(need: { status: NeedStatus }): boolean {
  return NEED_LIFECYCLE.can('commit', need.status);
}
