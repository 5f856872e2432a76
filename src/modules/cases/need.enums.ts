import { registerEnumType } from 'type-graphql';

export enum Urgency {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}

registerEnumType(Urgency, {
  name: 'Urgency',
  description: '紧急程度 — how soon help is needed.',
  valuesConfig: {
    LOW: { description: '一般 — within days.' },
    MEDIUM: { description: '较急 — within a day or two.' },
    HIGH: { description: '紧急 — today.' },
    CRITICAL: { description: '危急 — now: life, health or shelter at stake.' },
  },
});

export enum NeedStatus {
  OPEN = 'OPEN',
  PARTLY_MET = 'PARTLY_MET',
  MET = 'MET',
  ESCALATED = 'ESCALATED',
  CANCELLED = 'CANCELLED',
}

/** Needs still waiting for help: matching, commitments and reverse matching look at these. */
export const OPEN_NEED_STATUSES: readonly NeedStatus[] = [NeedStatus.OPEN, NeedStatus.PARTLY_MET, NeedStatus.ESCALATED];

registerEnumType(NeedStatus, {
  name: 'NeedStatus',
  description: '需求状态 — how far a need has been met.',
  valuesConfig: {
    OPEN: { description: '待满足 — nothing delivered yet.' },
    PARTLY_MET: { description: '部分满足 — some help delivered, not all.' },
    MET: { description: '已满足 — the help needed has been delivered.' },
    ESCALATED: {
      description: '已上报 — no resource covers it; sent up to the district or city coordinators (统筹协调).',
    },
    CANCELLED: { description: '已撤销 — no longer needed.' },
  },
});

export enum EscalationLevel {
  DISTRICT = 'DISTRICT',
  CITY = 'CITY',
}

registerEnumType(EscalationLevel, {
  name: 'EscalationLevel',
  description: '上报层级 — who a need has been escalated to.',
  valuesConfig: {
    DISTRICT: { description: '区级统筹 — the district’s coordinators.' },
    CITY: { description: '市级统筹 — the city’s coordination mechanism (市救急难工作领导小组).' },
  },
});
