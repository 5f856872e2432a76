import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { auditedReadSql, AuditPurpose, runAuditedRead, type AuditActor } from '../audit';

/** How much of a household a viewer may see (household.service.ts decides). */
export type HouseholdAccess = 'FULL' | 'AUDIT' | 'CONTACT' | 'NONE';

/** The personal fields; each read of one is audited under this name. */
export const MEMBER_FIELDS = ['name', 'idNumber', 'birthDate', 'phone', 'disability', 'chronicIllness'] as const;
export type MemberField = (typeof MEMBER_FIELDS)[number];
/** The file's casework fields: not contact data, but who the household is; read and audited as those. */
export const FILE_FIELDS = ['category', 'registration', 'consentBasis'] as const;
export type FileField = (typeof FILE_FIELDS)[number];
export type PersonalField = 'address' | 'monthlyIncomePerCapitaFen' | FileField | `members.${MemberField}`;

/** What each access level may read; FULL and AUDIT differ only in masked ID numbers. */
export const READABLE: Readonly<Record<HouseholdAccess, ReadonlySet<PersonalField>>> = {
  FULL: new Set<PersonalField>([
    'address',
    'monthlyIncomePerCapitaFen',
    ...FILE_FIELDS,
    ...MEMBER_FIELDS.map((f) => `members.${f}` as const),
  ]),
  AUDIT: new Set<PersonalField>([
    'address',
    'monthlyIncomePerCapitaFen',
    ...FILE_FIELDS,
    ...MEMBER_FIELDS.map((f) => `members.${f}` as const),
  ]),
  CONTACT: new Set<PersonalField>(['address', 'members.name', 'members.phone']),
  NONE: new Set<PersonalField>(),
};

const PURPOSES: Record<Exclude<HouseholdAccess, 'NONE'>, AuditPurpose> = {
  FULL: AuditPurpose.CASEWORK,
  AUDIT: AuditPurpose.SUPERVISION,
  CONTACT: AuditPurpose.REFERRAL,
};

/**
 * One value to read: a personal field, or `members` (the member list itself: order and relation,
 * not personal). The actor and request id are the same for every key of a request's loader.
 */
export interface PersonalReadKey {
  householdId: string;
  field: PersonalField | 'members';
  level: Exclude<HouseholdAccess, 'NONE'>;
  actor: AuditActor;
  requestId: string | null;
}

const SQL_COLUMNS: Record<MemberField, string> = {
  name: 'm.name',
  // Auditors get it masked by the database: the full number never leaves it for them.
  idNumber: `case when r.mask then left(m.id_number, 6) || repeat('*', greatest(length(m.id_number) - 10, 0)) || right(m.id_number, 4) else m.id_number end`,
  birthDate: 'm.birth_date',
  phone: 'm.phone',
  disability: 'm.disability',
  chronicIllness: 'm.chronic_illness',
};

const MEMBER_JSON = MEMBER_FIELDS.map(
  (f) => `'${f}', case when 'members.${f}' = any(r.fields) then ${SQL_COLUMNS[f]} end`,
).join(', ');

// One statement: the CTE appends one audit row per household that has personal fields to read,
// and the select returns those fields only for households whose audit row was written.
// A failed audit insert fails the statement: nothing is disclosed unaudited.
const HOUSEHOLD_READ_FROM = 'r join household h on h.id = r.household_id where cardinality(r.fields) > 0';
const READ_SQL = `
with r as (
  select * from jsonb_to_recordset(?::jsonb) as r(household_id uuid, fields text[], members boolean, mask boolean, purpose text)
), ${auditedReadSql({ subjectType: 'Household', subjectId: 'h.id', from: HOUSEHOLD_READ_FROM })}
select h.id,
  case when 'address' = any(r.fields) then h.address end as address,
  case when 'monthlyIncomePerCapitaFen' = any(r.fields) then h.monthly_income_per_capita_fen end as income,
  case when 'category' = any(r.fields) then h.category end as category,
  case when 'registration' = any(r.fields) then h.registration end as registration,
  case when 'consentBasis' = any(r.fields) then h.consent_basis end as consent_basis,
  case when r.members then (
    select coalesce(jsonb_agg(jsonb_build_object('relation', m.relation, ${MEMBER_JSON}) order by m.position), '[]'::jsonb)
    from household_member m where m.household_id = h.id
  ) end as members
from r join household h on h.id = r.household_id
where cardinality(r.fields) = 0 or h.id in (select subject_id from audited)`;

interface ReadRow {
  id: string;
  address: string | null;
  income: number | null;
  category: string | null;
  registration: string | null;
  consent_basis: string | null;
  members: (Record<MemberField, unknown> & { relation: string })[] | null;
}

/** The value a key asks for, from its household's disclosed row: members' fields in member order. */
function personalField(row: ReadRow, key: PersonalReadKey): unknown {
  if (key.field === 'address') return row.address;
  if (key.field === 'monthlyIncomePerCapitaFen') return row.income;
  if (key.field === 'category') return row.category;
  if (key.field === 'registration') return row.registration;
  if (key.field === 'consentBasis') return row.consent_basis;
  const members = row.members ?? [];
  if (key.field === 'members') return members.map((m) => m.relation);
  const field = key.field.slice('members.'.length) as MemberField;
  return members.map((m) => m[field] ?? null);
}

/**
 * A request's audited reader, batched per tick: one statement and one audit row per household
 * per batch, listing the fields read. `members` resolves to the relations in member order;
 * `members.x` to that field of every member, in the same order.
 */
export function personalReadLoader(em: EntityManager): DataLoader<PersonalReadKey, unknown, string> {
  return new DataLoader<PersonalReadKey, unknown, string>(
    async (keys) => {
      const requests = new Map<string, { level: PersonalReadKey['level']; fields: Set<string>; members: boolean }>();
      for (const key of keys) {
        let request = requests.get(key.householdId);
        if (!request)
          requests.set(key.householdId, (request = { level: key.level, fields: new Set(), members: false }));
        if (key.field !== 'members') request.fields.add(key.field);
        if (key.field.startsWith('members')) request.members = true;
      }
      const rows = [...requests].map(([id, r]) => ({
        household_id: id,
        fields: [...r.fields].sort(),
        members: r.members,
        mask: r.level === 'AUDIT',
        purpose: PURPOSES[r.level],
      }));
      return runAuditedRead(em, READ_SQL, rows, keys, (key) => key.householdId, personalField);
    },
    { cacheKeyFn: (key) => `${key.level}|${key.householdId}|${key.field}` },
  );
}
