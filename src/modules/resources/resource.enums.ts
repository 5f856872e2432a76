import { declareEnum, type EnumValue } from '../../core/enums';

export const ResourceKind = declareEnum('ResourceKind', '资源类型 — which kind of relief resource.', {
  GOVERNMENT_PROGRAMME: ['政府救助项目', 'a statutory programme (临时救助, 医疗救助…); coordinators only.'],
  CHARITY_PROJECT: ['慈善项目', 'a charity or social organisation’s project.'],
  DONATION: ['爱心捐赠', 'donated goods or cash.'],
  VOLUNTEER_OFFER: ['志愿服务', 'volunteers’ time and skills.'],
});
export type ResourceKind = EnumValue<typeof ResourceKind>;

export const ResourceStatus = declareEnum('ResourceStatus', '资源状态 — where a resource is in its life.', {
  DRAFT: ['草稿', 'being prepared; only its provider sees it.'],
  PUBLISHED: ['已发布', 'available and public.'],
  PAUSED: ['暂停', 'temporarily not taking referrals.'],
  EXHAUSTED: ['已用尽', 'no capacity left.'],
  EXPIRED: ['已过期', 'past its availableUntil.'],
  WITHDRAWN: ['已撤回', 'withdrawn by its provider.'],
});
export type ResourceStatus = EnumValue<typeof ResourceStatus>;
