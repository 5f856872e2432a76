// Chinese labels for the API's enums, and the habits of the place: Asia/Shanghai time, money in 元.

export const FORM: Record<string, string> = {
  CASH: '救助金',
  MEDICAL_CARE: '送医救治',
  IN_KIND: '实物',
  TEMPORARY_SHELTER: '临时住所',
  PROFESSIONAL_SERVICE: '专业服务',
};
export const EMERGENCY: Record<string, string> = {
  FIRE: '火灾',
  TRAFFIC_ACCIDENT: '交通事故',
  SUDDEN_ILLNESS: '突发疾病',
  ACCIDENT: '意外事故',
  NATURAL_DISASTER: '自然灾害',
  OTHER_HARDSHIP: '其他特殊困难',
};
export const KIND: Record<string, string> = {
  GOVERNMENT_PROGRAMME: '政府救助项目',
  CHARITY_PROJECT: '慈善项目',
  DONATION: '爱心捐赠',
  VOLUNTEER_OFFER: '志愿服务',
};
export const RESOURCE_STATUS: Record<string, string> = {
  DRAFT: '草稿',
  PUBLISHED: '已发布',
  PAUSED: '暂停',
  EXHAUSTED: '已用尽',
  EXPIRED: '已过期',
  WITHDRAWN: '已撤回',
};
export const POLICY_STATUS: Record<string, string> = { DRAFT: '草稿', PUBLISHED: '现行有效', REPEALED: '已废止' };
export const CASE_STATUS: Record<string, string> = {
  REPORTED: '已报告',
  VERIFIED: '已核实',
  RESPONDING: '响应中',
  ASSISTED: '已救助',
  CLOSED: '已结案',
  REJECTED: '不予受理',
};
export const NEED_STATUS: Record<string, string> = {
  OPEN: '待满足',
  PARTLY_MET: '部分满足',
  MET: '已满足',
  ESCALATED: '已上报',
  CANCELLED: '已撤销',
};
export const REFERRAL_STATUS: Record<string, string> = {
  SENT: '已发送',
  ACCEPTED: '已接收',
  DECLINED: '已拒绝',
  IN_PROGRESS: '办理中',
  COMPLETED: '已完成',
  CANCELLED: '已取消',
};
export const URGENCY: Record<string, string> = { LOW: '一般', MEDIUM: '较急', HIGH: '紧急', CRITICAL: '危急' };
export const CATEGORY: Record<string, string> = {
  NONE: '一般家庭',
  MINIMUM_LIVING: '低保',
  LOW_INCOME: '低收入',
  EXTREME_POVERTY: '特困',
  EXPENDITURE_POVERTY: '支出型贫困',
};
export const REGISTRATION: Record<string, string> = {
  SHANGHAI_HUKOU: '本市户籍',
  RESIDENCE_PERMIT: '持居住证',
  OTHER: '其他',
};
export const TRI: Record<string, string> = { TRUE: '符合', FALSE: '不符合', UNKNOWN: '待核实' };
export const ESCALATION: Record<string, string> = { DISTRICT: '区级统筹', CITY: '市级统筹' };

export const label = (table: Record<string, string>, value: string | null | undefined): string =>
  value ? (table[value] ?? value) : '';

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const dateOnly = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});

/** 2026/12/02 09:05 in Shanghai time. */
export function formatDateTime(value: string | null | undefined): string {
  return value ? dateTime.format(new Date(value)) : '—';
}

/** 2026年12月2日; a plain date (YYYY-MM-DD) is already a Shanghai business date. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number);
    return `${y}年${m}月${d}日`;
  }
  return dateOnly.format(new Date(value));
}

/** Today in Shanghai as YYYY-MM-DD. */
export function shanghaiToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

const yuan = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: 2 });

/** Fen to "1,234.5 元". */
export function formatYuan(fen: number | null | undefined): string {
  return fen === null || fen === undefined ? '—' : `${yuan.format(fen / 100)} 元`;
}

/** Yuan typed by a person to integer fen (no floating-point drift). */
export function yuanToFen(value: string | number): number | null {
  const text = String(value).trim();
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return null;
  const [whole, part = ''] = text.split('.');
  return Number(whole) * 100 + Number(part.padEnd(2, '0'));
}

/** A capacity in its unit: fen as 元, else the count and unit. */
export function formatCapacity(
  capacity: { unit: string; total: number; remaining: number } | null | undefined,
): string {
  if (!capacity) return '不限';
  if (capacity.unit === 'fen') return `剩余 ${formatYuan(capacity.remaining)} / 共 ${formatYuan(capacity.total)}`;
  return `剩余 ${capacity.remaining} / 共 ${capacity.total} ${capacity.unit}`;
}

export function formatAmount(amount: number, unit: string | null | undefined): string {
  return unit === 'fen' ? formatYuan(amount) : `${amount} ${unit ?? ''}`.trim();
}

/** Highlights come as HTML with only <em> from the server; escape everything else again to be sure. */
export function safeHighlight(fragment: string): string {
  const escaped = fragment.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped.replace(/&lt;em&gt;/g, '<mark>').replace(/&lt;\/em&gt;/g, '</mark>');
}
