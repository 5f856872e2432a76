import { Lifecycle } from '../../core/lifecycle';
import { EmergencyCaseStatus } from './case.enums';

const { REPORTED, VERIFIED, RESPONDING, ASSISTED, CLOSED, REJECTED } = EmergencyCaseStatus;

/** Not yet assisted and not ended: a case still waiting for its help. */
const WAITING = [REPORTED, VERIFIED, RESPONDING];
/** A case that takes help: needs are added, matched and resources committed to them. */
const TAKING_HELP = [...WAITING, ASSISTED];

/** What the steps look at of a case (the entity has these fields; no import of it, so it may use the table). */
interface CaseState {
  status: EmergencyCaseStatus;
  expedited: boolean;
  verifiedAt: Date | null;
  firstAssistedAt: Date | null;
  verifyDueAt: Date;
  respondDueAt: Date;
}

/** 急难事件的流转: the one table of the steps a case may take, from report to close. */
export const CASE_LIFECYCLE = new Lifecycle('EmergencyCase', Object.values(EmergencyCaseStatus), REPORTED, {
  /** 核实: the report is confirmed. */
  verify: { from: [REPORTED], to: VERIFIED },
  /** 事后补办核实: an expedited case is verified after its help began; its state stays. */
  verifyLate: { from: [VERIFIED, RESPONDING, ASSISTED], to: null },
  /** 不予受理: the report is rejected. */
  reject: { from: [REPORTED], to: REJECTED },
  /** 先行救助: help before verification; the state stays. */
  expedite: { from: [REPORTED], to: null },
  /** A need is added: help is being arranged (an assisted case reopens). */
  respond: { from: TAKING_HELP, to: RESPONDING },
  /** Capacity is committed to one of its needs; the state stays. */
  commit: { from: TAKING_HELP, to: null },
  /** Every need met or withdrawn, at least one met. */
  assist: { from: WAITING, to: ASSISTED },
  /** 结案 after the help was given. */
  close: { from: [ASSISTED], to: CLOSED },
  /** 结案 of a verified case that in the end needed nothing (every need withdrawn), with a note. */
  closeUnassisted: { from: [VERIFIED, RESPONDING], to: CLOSED },
});

/** The states in which a case takes help: needs are matched and resources committed to them. */
export const CASE_STATES_TAKING_HELP = CASE_LIFECYCLE.from('commit');

/** A case takes needs and commitments once verified, or before that when expedited. */
export function caseTakesHelp(c: CaseState): boolean {
  return CASE_LIFECYCLE.can('commit', c.status) && (c.status !== CASE_LIFECYCLE.initial || c.expedited);
}

/** Whether the case may be verified now: once, from a new report, or afterwards when expedited. */
export function caseMayVerify(c: CaseState): boolean {
  if (c.verifiedAt) return false;
  return CASE_LIFECYCLE.can('verify', c.status) || (c.expedited && CASE_LIFECYCLE.can('verifyLate', c.status));
}

/** 核实: the case's verification step (a new report becomes VERIFIED; a late one keeps its state). */
export function verifyCase(c: CaseState): void {
  CASE_LIFECYCLE.step(CASE_LIFECYCLE.can('verify', c.status) ? 'verify' : 'verifyLate', c);
}

/** A need is added: the case responds; true when its state changed. */
export function respondCase(c: CaseState): boolean {
  if (c.status === CASE_LIFECYCLE.to('respond')) return false;
  CASE_LIFECYCLE.step('respond', c);
  return true;
}

/** Overdue: not verified by its deadline while waiting for it, or no help by its deadline while waiting for that. */
export function caseOverdue(c: CaseState, now: Date): boolean {
  if (CASE_LIFECYCLE.can('verify', c.status) && c.verifyDueAt < now) return true;
  return CASE_LIFECYCLE.can('assist', c.status) && !c.firstAssistedAt && c.respondDueAt < now;
}
