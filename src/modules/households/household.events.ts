import type { NewEvent } from '../../events/outbox';
import type { Household } from './household.entity';

// No personal data in events: they fan out to every instance and subscriber.

export interface HouseholdEvent extends NewEvent {
  type: 'HouseholdRecorded' | 'HouseholdConsentWithdrawn';
  aggregateType: 'Household';
  payload: { householdId: string; areaCode: string };
}

/** Every event the households module appends. */
export type HouseholdsEvent = HouseholdEvent;
export const HOUSEHOLDS_EVENTS: readonly HouseholdsEvent['type'][] = ['HouseholdRecorded', 'HouseholdConsentWithdrawn'];

/** A step of a household: recorded, consent withdrawn. */
export function householdEvent(household: Household, type: HouseholdEvent['type'], actor: string): HouseholdEvent {
  return {
    type,
    aggregateType: 'Household',
    aggregateId: household.id,
    payload: { householdId: household.id, areaCode: household.areaCode },
    actor,
  };
}
