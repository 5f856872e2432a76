import { createHmac, timingSafeEqual } from 'node:crypto';
import type { HubContext } from '../../core/context';
import type { Config } from '../../config';
import type { RateLimits } from '../../core/rate-limit';
import { EmergencyCase } from './emergency-case.entity';

/** The idempotency scope of reports recorded before keys were scoped by channel and caller. */
export const LEGACY_SCOPE = 'legacy';

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const CODE_LENGTH = 10; // 50 bits

/** What a reporter may learn of its case: the status and when each step happened, nothing personal. */
export interface ReportStatus {
  reference: string;
  status: EmergencyCase['status'];
  emergencyType: EmergencyCase['emergencyType'];
  reportedAt: Date;
  acceptedAt: Date | null;
  verifiedAt: Date | null;
  firstAssistedAt: Date | null;
  assistedAt: Date | null;
  closedAt: Date | null;
}

/**
 * Tracking codes for public reports. The code is derived from the report's idempotency key and scope with a server key,
 * so a resubmitted report (same key) gets the same code back while the database keeps only a keyed hash of it.
 */
export class ReportTracking {
  private readonly key: Buffer | null;
  constructor(
    config: Config,
    private readonly limits: RateLimits,
  ) {
    this.key = config.trackingSecret
      ? createHmac('sha256', config.trackingSecret).update('jiujinan report tracking v1').digest()
      : null;
  }

  /** The report's code; null when the hub has no key to make one (no TRACKING_SECRET nor JWT_SECRET). */
  codeFor(idempotencyKey: string, scope: string): string | null {
    if (!this.key) return null;
    // A legacy report (recorded before keys were scoped) keeps the code it was given.
    const name = scope === LEGACY_SCOPE ? idempotencyKey.trim() : `${scope}\u0000${idempotencyKey.trim()}`;
    const digest = createHmac('sha256', this.key).update(`code:${name}`).digest();
    return [...digest.subarray(0, CODE_LENGTH)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
  }

  hashOf(code: string | null): string | null {
    if (!this.key || code === null) return null;
    return createHmac('sha256', this.key).update(`hash:${code}`).digest('hex');
  }

  /** The case's status for its reference and tracking code; null alike for an unknown reference and a wrong code. */
  async status(ctx: HubContext, reference: string, trackingCode: string): Promise<ReportStatus | null> {
    await this.limits.consume('reportLookups', ctx.clientAddress);
    const code = trackingCode.trim().toUpperCase().replace(/[\s-]/g, '');
    const found =
      reference.length <= 40 ? await ctx.em.fork().findOne(EmergencyCase, { reference: reference.trim() }) : null;
    if (!this.key) return null;
    const given = Buffer.from(this.hashOf(code)!, 'hex');
    // Compare against a stand-in when there is nothing to compare with, so both answers take the same work.
    const stored = Buffer.from(found?.trackingHash ?? this.hashOf(`absent:${code}`)!, 'hex');
    const matches = stored.length === given.length && timingSafeEqual(stored, given) && !!found?.trackingHash;
    if (!found || !matches) return null;
    return {
      reference: found.reference,
      status: found.status,
      emergencyType: found.emergencyType,
      reportedAt: found.createdAt,
      acceptedAt: found.acceptedAt,
      verifiedAt: found.verifiedAt,
      firstAssistedAt: found.firstAssistedAt,
      assistedAt: found.assistedAt,
      closedAt: found.closedAt,
    };
  }
}
