import { defineModule } from '../manifest';
import { reassessRiskJob } from './jobs/reassess.job';
import { RiskFeed } from './risk-feed';
import { HouseholdScreeningResolver, ScreeningResolver } from './screening.resolver';
import { RiskRuleService } from './risk-rule.service';
import { ScreeningService } from './screening.service';

declare module '../../core/context' {
  interface HubServices {
    screening: ScreeningService;
    riskRuleAdmin: RiskRuleService;
    riskFeed: RiskFeed;
  }
}

/**
 * 预警发现 — screening visits, risk rules as data on the shared rules engine, risk flags, the
 * at-risk worklist and `riskFlagRaised`. Its tables: screening_visit, risk_rule, risk_flag,
 * screening_checkpoint (SQL through the EntityManager, no entities).
 */
export const screeningModule = defineModule({
  name: 'screening',
  tables: ['screening_visit', 'risk_rule', 'risk_flag', 'screening_checkpoint'],
  resolvers: [ScreeningResolver, HouseholdScreeningResolver],
  services: ({ config, clock, bus }) => {
    const screening = new ScreeningService(config, clock);
    return { screening, riskRuleAdmin: new RiskRuleService(), riskFeed: new RiskFeed(bus, screening) };
  },
  events: ['RiskFlagRaised'],
  jobs: [reassessRiskJob],
});

export { riskRules, SCREENING_FACTS, type RiskSubject } from './risk-facts';
export { SEEDED_RISK_RULES } from './risk-rules.seed';
export { HardshipCause, HardshipDegree, LivingSituation, RiskLevel } from './screening.enums';
export { screeningFigures, type ScreeningFigures } from './screening-figures';
export {
  anonymiseHouseholdScreening,
  householdScreeningExport,
  SCREENING_ANONYMISED_FIELDS,
} from './screening-privacy';
