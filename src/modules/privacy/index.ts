import { defineModule } from '../manifest';
import { anonymiseExpiredJob } from './jobs/anonymise-expired.job';
import { PrivacyResolver } from './privacy.resolver';

/**
 * 个人信息保护 (PIPL) across modules: the retention job that anonymises households whose last case closed
 * RETENTION_MONTHS ago (each module anonymising its own tables through its door) and the data subject's
 * copy (householdDataExport). Consent withdrawal is the households module's (householdConsentWithdraw).
 * No tables of its own.
 */
export const privacyModule = defineModule({
  name: 'privacy',
  resolvers: [PrivacyResolver],
  jobs: [anonymiseExpiredJob],
});

export { ANONYMISED_FIELDS, RETENTION_JOB } from './retention';
