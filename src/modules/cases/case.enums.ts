import { declareEnum, type EnumValue } from '../../core/enums';

export const EmergencyCaseStatus = declareEnum(
  'EmergencyCaseStatus',
  '急难事件状态 — where a case is, from report to close.',
  {
    REPORTED: ['已报告', 'reported, not yet verified.'],
    VERIFIED: ['已核实', 'verified by its caseworker.'],
    RESPONDING: ['响应中', 'help is being arranged.'],
    ASSISTED: ['已救助', 'help has been given.'],
    CLOSED: ['已结案', 'closed.'],
    REJECTED: ['不予受理', 'not an emergency the hub handles.'],
  },
);
export type EmergencyCaseStatus = EnumValue<typeof EmergencyCaseStatus>;

export const IntakeChannel = declareEnum(
  'IntakeChannel',
  '受理渠道 — how an emergency reached the hub (policy 三(二)、(五)).',
  {
    HOTLINE: ['962200热线', 'the community hotline.'],
    WALK_IN: ['窗口受理', 'at the community affairs service centre.'],
    COMMITTEE: ['居(村)委会', 'through the residents’ committee.'],
    SOCIAL_WORKER: ['社工/协理员', 'found by a social worker or assistant.'],
    SELF: ['本人申请', 'the person applied.'],
    PUBLIC_REPORT: ['群众报告', 'reported by a member of the public.'],
  },
);
export type IntakeChannel = EnumValue<typeof IntakeChannel>;
