import { ELIGIBILITY_FACTS, rulesFor, type Facts } from '../../rules';
import { HARDSHIP_DEGREE_LABELS, type HardshipDegree } from './screening.enums';

/**
 * What risk rules may test: the eligibility vocabulary (household and member facts) plus the
 * facts screening knows — the last visit's findings and the household's recent history. Screening
 * contributes them to the shared engine; the engine imports nothing of screening.
 * Undefined or null is unknown: the rule is then UNKNOWN with the fact named, never guessed.
 */
export interface RiskSubject extends Facts {
  screening: {
    degree?: HardshipDegree | null;
    livesAlone?: boolean | null;
    childWithoutGuardian?: boolean | null;
    /** Days since the last visit, or since the file was opened when never visited. */
    daysSinceVisit?: number | null;
  };
  history: {
    /** Emergency cases of the household that occurred in the last 12 months. */
    emergenciesIn12Months?: number | null;
    /** A need still open on a case that has already had aid. */
    aidExhaustedNeedOpen?: boolean | null;
  };
}

export const SCREENING_FACTS = ELIGIBILITY_FACTS.with<RiskSubject>({
  'screening.degree': {
    type: 'enum',
    label: '困难程度',
    values: HARDSHIP_DEGREE_LABELS,
    read: (s) => s.screening.degree,
  },
  'screening.livesAlone': {
    type: 'boolean',
    label: '独居',
    yes: '独居',
    no: '非独居',
    read: (s) => s.screening.livesAlone,
  },
  'screening.childWithoutGuardian': {
    type: 'boolean',
    label: '事实无人抚养儿童',
    yes: '有事实无人抚养儿童',
    no: '无事实无人抚养儿童',
    read: (s) => s.screening.childWithoutGuardian,
  },
  'screening.daysSinceVisit': {
    type: 'integer',
    label: '距上次走访',
    unit: 'days',
    read: (s) => s.screening.daysSinceVisit,
  },
  'history.emergenciesIn12Months': {
    type: 'integer',
    label: '12个月内急难次数',
    unit: 'times',
    read: (s) => s.history.emergenciesIn12Months,
  },
  'history.aidExhaustedNeedOpen': {
    type: 'boolean',
    label: '救助已用尽而需求未满足',
    yes: '救助已用尽而需求仍未满足',
    no: '无未满足的需求',
    read: (s) => s.history.aidExhaustedNeedOpen,
  },
});

/** The shared rules engine on the risk vocabulary. */
export const riskRules = rulesFor(SCREENING_FACTS);
