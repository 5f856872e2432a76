import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../../core/clock';
import type { Logger } from '../../core/logger';
import { anonymiseHouseholdAssistance, ASSISTANCE_ANONYMISED_FIELDS } from '../assistance';
import { AuditAction, AuditPurpose, SYSTEM_ACTOR, writeAuditEntries } from '../audit';
import { anonymiseHouseholdCases, CASE_ANONYMISED_FIELDS, householdsDueForAnonymisation } from '../cases';
import { anonymiseHouseholds, HOUSEHOLD_ANONYMISED_FIELDS, lockHouseholdsForAnonymisation } from '../households';
import { anonymiseCaseReferrals, REFERRAL_ANONYMISED_FIELDS } from '../referrals';
import { anonymiseHouseholdScreening, SCREENING_ANONYMISED_FIELDS } from '../screening';

export const RETENTION_JOB = 'privacy.anonymiseExpired';

/** Every field the retention job anonymises, as its audit entry on the household lists them. */
export const ANONYMISED_FIELDS: readonly string[] = [
  ...HOUSEHOLD_ANONYMISED_FIELDS,
  ...CASE_ANONYMISED_FIELDS,
  ...REFERRAL_ANONYMISED_FIELDS,
  ...ASSISTANCE_ANONYMISED_FIELDS,
  ...SCREENING_ANONYMISED_FIELDS,
];

export interface RetentionOptions {
  months: number;
  batch?: number;
  /** At most this many batches a run; the next run goes on. */
  maxBatches?: number;
  /** Test hook (NODE_ENV=test only): called inside each batch's transaction before it commits. */
  beforeCommit?: () => Promise<void>;
}

/**
 * PIPL retention: households whose last case closed `months` ago (no case open) lose their personal data
 * for good, each module anonymising its own tables through its door, in one transaction per batch with
 * one ANONYMISE audit entry per household (actor: the system; request id: the job). Household rows are
 * locked with SKIP LOCKED and the cases re-checked under lock, so runs on several instances at once share
 * the work and a household is anonymised once; a second run finds nothing to do.
 */
export async function anonymiseExpired(
  orm: MikroORM,
  clock: Clock,
  log: Logger,
  options: RetentionOptions,
): Promise<number> {
  const batch = options.batch ?? 50;
  const maxBatches = options.maxBatches ?? 20;
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const { candidates, done } = await orm.em.fork().transactional(async (tx) => {
      const now = clock.now();
      const due = await householdsDueForAnonymisation(tx, now, options.months, batch);
      if (due.length === 0) return { candidates: 0, done: 0 };
      const locked = await lockHouseholdsForAnonymisation(tx, due);
      const { householdIds, caseIds } = await anonymiseHouseholdCases(tx, locked, now, options.months);
      await anonymiseCaseReferrals(tx, caseIds, now);
      await anonymiseHouseholdAssistance(tx, householdIds, now);
      await anonymiseHouseholdScreening(tx, householdIds, now);
      await anonymiseHouseholds(tx, householdIds, now);
      await writeAuditEntries(
        tx,
        SYSTEM_ACTOR,
        householdIds.map((id) => ({
          action: AuditAction.ANONYMISE,
          subjectType: 'Household',
          subjectId: id,
          fields: ANONYMISED_FIELDS,
          purpose: AuditPurpose.RETENTION,
        })),
        `job.${RETENTION_JOB}`,
      );
      if (options.beforeCommit) await options.beforeCommit();
      return { candidates: due.length, done: householdIds.length };
    });
    total += done;
    // Nothing left, or what is left is another instance's to do right now.
    if (candidates < batch || done === 0) break;
  }
  if (total > 0) log.debug({ households: total }, 'households anonymised');
  return total;
}
