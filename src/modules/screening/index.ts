/*
 * 预警发现 — screening visits, risk rules as data on the shared rules engine, risk flags, the
 * at-risk worklist and `riskFlagRaised`. Other modules and the composition root use only this door.
 */
export { reassessRiskJob } from './jobs/reassess.job';
export { RiskFeed } from './risk-feed';
export { riskRules, SCREENING_FACTS, type RiskSubject } from './risk-facts';
export { SEEDED_RISK_RULES } from './risk-rules.seed';
export { HouseholdScreeningResolver, ScreeningResolver } from './screening.resolver';
export { ScreeningService } from './screening.service';
export { HardshipCause, HardshipDegree, LivingSituation, RiskLevel } from './screening.enums';
