import type { Need } from '../cases/need.entity';
import type { NeedInput } from './engine';

/** The engine's view of a need; `occurredAt` is the case's (member ages are taken on that day). */
export function needInput(need: Need, occurredAt: Date): NeedInput {
  return {
    id: need.id,
    form: need.form,
    description: need.description,
    amountFen: need.amountFen,
    quantity: need.quantity,
    urgency: need.urgency,
    areaCode: need.areaCode,
    emergencyType: need.emergencyType,
    occurredAt,
  };
}
