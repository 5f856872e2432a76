import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type Catalogue } from './resources';
import { random } from './support';

// ---- data: households, members, cases and one open need each ----

type Weighted<T> = readonly (readonly [T, number])[];

function weighted<T>(rnd: () => number, pairs: Weighted<T>): T {
  const total = pairs.reduce((sum, [, w]) => sum + w, 0);
  let x = rnd() * total;
  for (const [value, w] of pairs) if ((x -= w) < 0) return value;
  return pairs.at(-1)![0];
}

const CATEGORIES: Weighted<string> = [
  ['NONE', 40],
  ['MINIMUM_LIVING', 20],
  ['LOW_INCOME', 15],
  ['EXTREME_POVERTY', 5],
  ['EXPENDITURE_POVERTY', 20],
];
const REGISTRATIONS: Weighted<string> = [
  ['SHANGHAI_HUKOU', 60],
  ['RESIDENCE_PERMIT', 30],
  ['OTHER', 10],
];
const EMERGENCY_TYPES: Weighted<string> = [
  ['SUDDEN_ILLNESS', 30],
  ['TRAFFIC_ACCIDENT', 15],
  ['ACCIDENT', 15],
  ['FIRE', 12],
  ['NATURAL_DISASTER', 8],
  ['OTHER_HARDSHIP', 20],
];
const NEED_FORMS: Weighted<string> = [
  ['CASH', 40],
  ['MEDICAL_CARE', 20],
  ['IN_KIND', 20],
  ['TEMPORARY_SHELTER', 8],
  ['PROFESSIONAL_SERVICE', 12],
];
const URGENCIES: Weighted<string> = [
  ['LOW', 15],
  ['MEDIUM', 35],
  ['HIGH', 35],
  ['CRITICAL', 15],
];
const STORIES: Record<string, string[]> = {
  FIRE: ['家中突发火灾,房屋和家具被烧毁', '楼道电动车起火殃及住房,全家暂时无处居住'],
  TRAFFIC_ACCIDENT: ['户主骑车途中遭遇交通事故,多处骨折住院', '家庭成员被车辆撞伤,肇事方无力赔偿'],
  SUDDEN_ILLNESS: ['户主突发脑溢血住院抢救,家庭失去主要收入', '孩子突发白血病住院治疗,医疗费用负担沉重'],
  ACCIDENT: ['务工时意外坠落受伤,暂时无法工作', '家中老人意外摔伤骨折,需要长期护理'],
  NATURAL_DISASTER: ['台风暴雨导致房屋进水受损,生活物品损毁', '强降雨致住房漏水,需要转移安置'],
  OTHER_HARDSHIP: ['长期治疗费用超出家庭承受能力,陷入支出型贫困', '独居老人生活无着,基本生活陷入困境'],
};
const ASKS: Record<string, string> = {
  CASH: ',需要临时救助金维持基本生活。',
  MEDICAL_CARE: ',需要送医救治并减免医疗费用。',
  IN_KIND: ',需要食品、衣被等生活物资。',
  TEMPORARY_SHELTER: ',需要临时住所过渡安置。',
  PROFESSIONAL_SERVICE: ',需要心理疏导和社工个案服务。',
};
const DAY = 24 * 3600 * 1000;

/** How much is needed, in the need's measure: fen for money, else units; sometimes not recorded. */
function needSize(
  rnd: () => number,
  form: string,
): { amount_fen: number | null; quantity: number | null; unit: string | null } {
  const none = { amount_fen: null, quantity: null, unit: null };
  const between = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  switch (form) {
    case 'CASH':
      return rnd() < 0.1 ? none : { amount_fen: between(10, 300) * 10_000, quantity: null, unit: null };
    case 'MEDICAL_CARE': {
      const r = rnd();
      if (r < 0.6) return { amount_fen: between(50, 800) * 10_000, quantity: null, unit: null };
      return r < 0.85 ? { amount_fen: null, quantity: between(1, 3), unit: '人次' } : none;
    }
    case 'IN_KIND':
      return rnd() < 0.15 ? none : { amount_fen: null, quantity: between(1, 10), unit: '份' };
    case 'TEMPORARY_SHELTER':
      return { amount_fen: null, quantity: between(1, 4), unit: '张床位' };
    default:
      return rnd() < 0.2 ? none : { amount_fen: null, quantity: between(2, 20), unit: '小时' };
  }
}

/**
 * `n` households (1–5 members) spread over the seeded streets, each with one VERIFIED or RESPONDING
 * case owned by a street caseworker and one open need: four set-based statements per 1,000.
 */
export async function loadCasework(em: EntityManager, cat: Catalogue, n: number): Promise<string[]> {
  const rnd = random(1128);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const between = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const tri = (pTrue: number, pNull: number) => {
    const r = rnd();
    return r < pNull ? null : r < pNull + pTrue;
  };
  const now = Date.now();
  const needIds: string[] = [];
  for (let start = 0; start < n; start += 1000) {
    const households: object[] = [];
    const members: object[] = [];
    const cases: object[] = [];
    const needs: object[] = [];
    for (let i = start; i < Math.min(n, start + 1000); i++) {
      const householdId = randomUUID();
      const street = pick(cat.streets);
      const category = weighted(rnd, CATEGORIES);
      const size = between(1, 5);
      const poor = category !== 'NONE';
      households.push({
        id: householdId,
        area_code: street,
        address: `${street}号街坊${between(1, 300)}弄${between(1, 40)}号${between(101, 1802)}室`,
        category,
        registration: weighted(rnd, REGISTRATIONS),
        income: rnd() < 0.15 ? null : poor ? between(0, 3500) * 100 : between(1500, 9000) * 100,
      });
      for (let position = 0; position < size; position++) {
        const year = position === 0 ? between(1940, 1995) : between(1940, 2024);
        members.push({
          household_id: householdId,
          position,
          name: `成员${i}-${position}`,
          birth_date:
            rnd() < 0.1
              ? null
              : `${year}-${String(between(1, 12)).padStart(2, '0')}-${String(between(1, 28)).padStart(2, '0')}`,
          relation: position === 0 ? '本人' : pick(['配偶', '子女', '父母', '孙子女']),
          disability: tri(0.08, 0.12),
          chronic_illness: tri(0.15, 0.15),
        });
      }
      const caseId = randomUUID();
      const needId = randomUUID();
      const type = weighted(rnd, EMERGENCY_TYPES);
      const form = weighted(rnd, NEED_FORMS);
      const story = pick(STORIES[type]!);
      const occurredAt = new Date(now - (1 + rnd() * 20) * DAY);
      const owner = `caseworker-${street}`;
      cases.push({
        id: caseId,
        reference: `JJN-BENCH-${String(i).padStart(6, '0')}`,
        emergency_type: type,
        occurred_at: occurredAt.toISOString(),
        area_code: street,
        description: `${story}。`,
        channel: pick(['HOTLINE', 'WALK_IN', 'COMMITTEE', 'SOCIAL_WORKER']),
        status: rnd() < 0.5 ? 'VERIFIED' : 'RESPONDING',
        owner,
        household_id: householdId,
      });
      const status = rnd() < 0.9 ? 'OPEN' : 'PARTLY_MET';
      const size_ = needSize(rnd, form);
      needs.push({
        id: needId,
        created_at: new Date(occurredAt.getTime() + 7 * 3600 * 1000).toISOString(),
        case_id: caseId,
        area_code: street,
        emergency_type: type,
        form,
        description: `${story}${ASKS[form]}`,
        ...size_,
        urgency: weighted(rnd, URGENCIES),
        status,
        delivered: status === 'PARTLY_MET' ? Math.max(1, Math.floor((size_.amount_fen ?? size_.quantity ?? 2) / 2)) : 0,
        created_by: owner,
      });
      needIds.push(needId);
    }
    await em.transactional(async (tx) => {
      await tx.execute(
        `insert into household (id, created_at, updated_at, area_id, area_code, address, category, registration,
           monthly_income_per_capita_fen, consent_basis, created_by)
         select h.id, now(), now(), a.id, h.area_code, h.address, h.category, h.registration, h.income,
           '《社会救助暂行办法》:申请救助时书面授权核对家庭经济状况', 'bench'
         from jsonb_to_recordset(?::jsonb) as h(id uuid, area_code text, address text, category text, registration text, income integer)
         join area a on a.code = h.area_code`,
        [JSON.stringify(households)],
      );
      await tx.execute(
        `insert into household_member (id, created_at, updated_at, household_id, position, name, birth_date, relation,
           disability, chronic_illness)
         select gen_random_uuid(), now(), now(), m.household_id, m.position, m.name, m.birth_date, m.relation,
           m.disability, m.chronic_illness
         from jsonb_to_recordset(?::jsonb) as m(household_id uuid, position integer, name text, birth_date date,
           relation text, disability boolean, chronic_illness boolean)`,
        [JSON.stringify(members)],
      );
      await tx.execute(
        `insert into emergency_case (id, created_at, updated_at, reference, emergency_type, occurred_at, area_id, area_code,
           description, channel, idempotency_key, request_hash, status, owner_subject, owner_role, owner_area_code,
           accepted_at, verify_due_at, respond_due_at, verified_at, household_id, verified_by, verification_note)
         select c.id, c.occurred_at, now(), c.reference, c.emergency_type, c.occurred_at, a.id, c.area_code,
           c.description, c.channel::intake_channel, 'bench-' || c.id, 'bench', c.status::emergency_case_status,
           c.owner, 'CASEWORKER', c.area_code, c.occurred_at + interval '1 hour', c.occurred_at + interval '1 day',
           c.occurred_at + interval '3 days', c.occurred_at + interval '6 hours', c.household_id, c.owner, '入户核实属实'
         from jsonb_to_recordset(?::jsonb) as c(id uuid, reference text, emergency_type text, occurred_at timestamptz,
           area_code text, description text, channel text, status text, owner text, household_id uuid)
         join area a on a.code = c.area_code`,
        [JSON.stringify(cases)],
      );
      await tx.execute(
        `insert into need (id, created_at, updated_at, case_id, area_code, emergency_type, form, description, amount_fen,
           quantity, unit, urgency, status, delivered, created_by)
         select n.id, n.created_at, now(), n.case_id, n.area_code, n.emergency_type, n.form, n.description, n.amount_fen,
           n.quantity, n.unit, n.urgency::urgency, n.status::need_status, n.delivered, n.created_by
         from jsonb_to_recordset(?::jsonb) as n(id uuid, created_at timestamptz, case_id uuid, area_code text,
           emergency_type text, form text, description text, amount_fen integer, quantity integer, unit text,
           urgency text, status text, delivered integer, created_by text)`,
        [JSON.stringify(needs)],
      );
    });
  }
  for (const table of ['household', 'household_member', 'emergency_case', 'need'])
    await em.execute(`vacuum analyze ${table}`);
  return needIds;
}
