import { createHmac } from 'node:crypto';

/** The prefix of keyed fingerprints; a stored value without it is a legacy unkeyed SHA-256. */
export const KEYED_PREFIX = 'h1:';

/**
 * A keyed fingerprint (HMAC-SHA-256 under CONTACT_HASH_KEY) of a canonical text that holds personal
 * data such as a reporter's phone: without the key it cannot be reversed by trying every number.
 */
export function keyedFingerprint(key: string, canonical: string): string {
  return KEYED_PREFIX + createHmac('sha256', key).update(canonical).digest('hex');
}
