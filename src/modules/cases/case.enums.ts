import { registerEnumType } from 'type-graphql';

export enum EmergencyCaseStatus {
  REPORTED = 'REPORTED',
  VERIFIED = 'VERIFIED',
  RESPONDING = 'RESPONDING',
  ASSISTED = 'ASSISTED',
  CLOSED = 'CLOSED',
  REJECTED = 'REJECTED',
}

registerEnumType(EmergencyCaseStatus, {
  name: 'EmergencyCaseStatus',
  description: '急难事件状态 — where a case is, from report to close.',
  valuesConfig: {
    REPORTED: { description: '已报告 — reported, not yet verified.' },
    VERIFIED: { description: '已核实 — verified by its caseworker.' },
    RESPONDING: { description: '响应中 — help is being arranged.' },
    ASSISTED: { description: '已救助 — help has been given.' },
    CLOSED: { description: '已结案 — closed.' },
    REJECTED: { description: '不予受理 — not an emergency the hub handles.' },
  },
});

export enum IntakeChannel {
  HOTLINE = 'HOTLINE',
  WALK_IN = 'WALK_IN',
  COMMITTEE = 'COMMITTEE',
  SOCIAL_WORKER = 'SOCIAL_WORKER',
  SELF = 'SELF',
  PUBLIC_REPORT = 'PUBLIC_REPORT',
}

registerEnumType(IntakeChannel, {
  name: 'IntakeChannel',
  description: '受理渠道 — how an emergency reached the hub (policy 三(二)、(五)).',
  valuesConfig: {
    HOTLINE: { description: '962200热线 — the community hotline.' },
    WALK_IN: { description: '窗口受理 — at the community affairs service centre.' },
    COMMITTEE: { description: '居(村)委会 — through the residents’ committee.' },
    SOCIAL_WORKER: { description: '社工/协理员 — found by a social worker or assistant.' },
    SELF: { description: '本人申请 — the person applied.' },
    PUBLIC_REPORT: { description: '群众报告 — reported by a member of the public.' },
  },
});
