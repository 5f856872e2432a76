import { registerEnumType } from 'type-graphql';

export enum ResourceKind {
  GOVERNMENT_PROGRAMME = 'GOVERNMENT_PROGRAMME',
  CHARITY_PROJECT = 'CHARITY_PROJECT',
  DONATION = 'DONATION',
  VOLUNTEER_OFFER = 'VOLUNTEER_OFFER',
}

registerEnumType(ResourceKind, {
  name: 'ResourceKind',
  description: '资源类型 — which kind of relief resource.',
  valuesConfig: {
    GOVERNMENT_PROGRAMME: {
      description: '政府救助项目 — a statutory programme (临时救助, 医疗救助…); coordinators only.',
    },
    CHARITY_PROJECT: { description: '慈善项目 — a charity or social organisation’s project.' },
    DONATION: { description: '爱心捐赠 — donated goods or cash.' },
    VOLUNTEER_OFFER: { description: '志愿服务 — volunteers’ time and skills.' },
  },
});

export enum ResourceStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  PAUSED = 'PAUSED',
  EXHAUSTED = 'EXHAUSTED',
  EXPIRED = 'EXPIRED',
  WITHDRAWN = 'WITHDRAWN',
}

registerEnumType(ResourceStatus, {
  name: 'ResourceStatus',
  description: '资源状态 — where a resource is in its life.',
  valuesConfig: {
    DRAFT: { description: '草稿 — being prepared; only its provider sees it.' },
    PUBLISHED: { description: '已发布 — available and public.' },
    PAUSED: { description: '暂停 — temporarily not taking referrals.' },
    EXHAUSTED: { description: '已用尽 — no capacity left.' },
    EXPIRED: { description: '已过期 — past its availableUntil.' },
    WITHDRAWN: { description: '已撤回 — withdrawn by its provider.' },
  },
});
