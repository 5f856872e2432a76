import { EmergencyCaseStatus } from './case.enums';

/** The states in which a case takes help: needs are matched and resources committed to them. */
export const CASE_STATES_TAKING_HELP: readonly EmergencyCaseStatus[] = [
  EmergencyCaseStatus.REPORTED,
  EmergencyCaseStatus.VERIFIED,
  EmergencyCaseStatus.RESPONDING,
  EmergencyCaseStatus.ASSISTED,
];
