import type { NewEvent } from '../../events/outbox';
import type { EmergencyType } from '../../core/vocabulary';
import type { CaseDeadline } from './case-deadlines';
import type { EmergencyCaseStatus, IntakeChannel } from './case.enums';
import type { EmergencyCase } from './emergency-case.entity';
import type { Need } from './need.entity';
import type { EscalationLevel, NeedStatus } from './need.enums';

// Events carry ids, areas and states only: they fan out to every instance and subscriber, personal data never goes with them.

/** The steps of a case after its report, each an event. */
export const CASE_STEP_EVENTS = [
  'EmergencyAccepted',
  'EmergencyVerified',
  'EmergencyRejected',
  'EmergencyExpedited',
  'EmergencyResponding',
  'EmergencyAssisted',
  'EmergencyClosed',
] as const;
export const NEED_EVENTS = ['NeedCreated', 'NeedEscalated', 'NeedCancelled'] as const;

export type CaseStepEventType = (typeof CASE_STEP_EVENTS)[number];
export type NeedEventType = (typeof NEED_EVENTS)[number];

interface CasesEventBase<T extends string, A extends string, P extends Record<string, unknown>> extends NewEvent {
  type: T;
  aggregateType: A;
  payload: P;
}

export type EmergencyReported = CasesEventBase<
  'EmergencyReported',
  'EmergencyCase',
  { caseId: string; areaCode: string; emergencyType: EmergencyType; channel: IntakeChannel }
>;
export type CaseStepEvent = CasesEventBase<
  CaseStepEventType,
  'EmergencyCase',
  { caseId: string; areaCode: string; status: EmergencyCaseStatus }
>;
export type NeedEvent = CasesEventBase<
  NeedEventType,
  'Need',
  {
    needId: string;
    caseId: string;
    areaCode: string;
    form: string;
    status: NeedStatus;
    escalationLevel: EscalationLevel | null;
  }
>;

/** A deadline of a case passed without its step (the overdue sweep appends it once per deadline). */
export type CaseOverdue = CasesEventBase<
  'CaseOverdue',
  'EmergencyCase',
  { caseId: string; areaCode: string; deadline: CaseDeadline; dueAt: string }
>;

/** Every event the cases module appends. */
export type CasesEvent = EmergencyReported | CaseStepEvent | NeedEvent | CaseOverdue;
export const CASES_EVENTS: readonly CasesEvent['type'][] = [
  'EmergencyReported',
  ...CASE_STEP_EVENTS,
  ...NEED_EVENTS,
  'CaseOverdue',
];

export function emergencyReported(emergencyCase: EmergencyCase, channel: IntakeChannel): EmergencyReported {
  return {
    type: 'EmergencyReported',
    aggregateType: 'EmergencyCase',
    aggregateId: emergencyCase.id,
    payload: {
      caseId: emergencyCase.id,
      areaCode: emergencyCase.areaCode,
      emergencyType: emergencyCase.emergencyType,
      channel,
    },
  };
}

/** A step of a case. */
export function caseEvent(emergencyCase: EmergencyCase, type: CaseStepEventType, actor: string | null): CaseStepEvent {
  return {
    type,
    aggregateType: 'EmergencyCase',
    aggregateId: emergencyCase.id,
    actor,
    payload: { caseId: emergencyCase.id, areaCode: emergencyCase.areaCode, status: emergencyCase.status },
  };
}

/** A step of a need. */
export function needEvent(need: Need, type: NeedEventType, actor: string | null): NeedEvent {
  return {
    type,
    aggregateType: 'Need',
    aggregateId: need.id,
    actor,
    payload: {
      needId: need.id,
      caseId: need.case.id,
      areaCode: need.areaCode,
      form: need.form,
      status: need.status,
      escalationLevel: need.escalationLevel,
    },
  };
}
