import { declareEnum, type EnumValue } from '../../core/enums';

export const Urgency = declareEnum('Urgency', '紧急程度 — how soon help is needed.', {
  LOW: ['一般', 'within days.'],
  MEDIUM: ['较急', 'within a day or two.'],
  HIGH: ['紧急', 'today.'],
  CRITICAL: ['危急', 'now: life, health or shelter at stake.'],
});
export type Urgency = EnumValue<typeof Urgency>;

export const NeedStatus = declareEnum('NeedStatus', '需求状态 — how far a need has been met.', {
  OPEN: ['待满足', 'nothing delivered yet.'],
  PARTLY_MET: ['部分满足', 'some help delivered, not all.'],
  MET: ['已满足', 'the help needed has been delivered.'],
  ESCALATED: ['已上报', 'no resource covers it; sent up to the district or city coordinators (统筹协调).'],
  CANCELLED: ['已撤销', 'no longer needed.'],
});
export type NeedStatus = EnumValue<typeof NeedStatus>;

export const EscalationLevel = declareEnum('EscalationLevel', '上报层级 — who a need has been escalated to.', {
  DISTRICT: ['区级统筹', 'the district’s coordinators.'],
  CITY: ['市级统筹', 'the city’s coordination mechanism (市救急难工作领导小组).'],
});
export type EscalationLevel = EnumValue<typeof EscalationLevel>;
