import { AreaLevel, type Area } from '../../src/modules/areas/area.entity';
import { plausiblePhone, validateHousehold } from '../../src/modules/households/household-input';
import type { HouseholdCreateInput } from '../../src/modules/households/household.types';
import { shanghaiDate } from '../../src/core/scalars';
import { checkIdNumber, idNumberCheckCharacter } from '../../src/modules/households/id-number';
import { HouseholdCategory, Registration } from '../../src/core/vocabulary';

describe('居民身份证号 (GB 11643-1999)', () => {
  it('accepts the standard’s own example and computes its check character', () => {
    expect(idNumberCheckCharacter('11010519491231002')).toBe('X');
    expect(checkIdNumber('11010519491231002X')).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      birthDate: '1949-12-31',
    });
  });

  it('accepts a lower-case x and surrounding spaces, normalised', () => {
    expect(checkIdNumber(' 31010119800101123x ')).toEqual({
      ok: true,
      idNumber: '31010119800101123X',
      birthDate: '1980-01-01',
    });
  });

  it('rejects every wrong check character', () => {
    const first17 = '31010120150601004';
    for (const c of '0123456789X') {
      const result = checkIdNumber(first17 + c);
      expect(result.ok).toBe(c === '2');
      if (!result.ok) expect(result.reason).toBe('CHECK_DIGIT');
    }
  });

  it('catches a single mistyped digit and a swap of two adjacent digits', () => {
    const valid = '310101195503152020';
    expect(checkIdNumber(valid).ok).toBe(true);
    for (let i = 0; i < 17; i++) {
      const typo = valid.slice(0, i) + String((Number(valid[i]) + 1) % 10) + valid.slice(i + 1);
      expect(checkIdNumber(typo).ok).toBe(false);
    }
    expect(checkIdNumber('310101195503152200').ok).toBe(false);
  });

  it('rejects wrong lengths, letters, unknown provinces and impossible or future birth dates', () => {
    const withCheck = (first17: string) => first17 + idNumberCheckCharacter(first17);
    expect(checkIdNumber('3101011980010112')).toEqual({ ok: false, reason: 'FORMAT' });
    expect(checkIdNumber('310101198001011X3X')).toEqual({ ok: false, reason: 'FORMAT' });
    expect(checkIdNumber('310101800101123')).toEqual({ ok: false, reason: 'FORMAT' }); // the old 15-digit form
    expect(checkIdNumber(withCheck('99010119800101123'))).toEqual({ ok: false, reason: 'REGION' });
    expect(checkIdNumber(withCheck('31010119800230123'))).toEqual({ ok: false, reason: 'BIRTH_DATE' });
    expect(checkIdNumber(withCheck('31010118991231123'))).toEqual({ ok: false, reason: 'BIRTH_DATE' });
    expect(checkIdNumber(withCheck('31010120300101123'), '2026-11-28')).toEqual({ ok: false, reason: 'BIRTH_DATE' });
    expect(checkIdNumber(withCheck('31010120261128123'), '2026-11-28').ok).toBe(true);
  });

  it('counts today in Asia/Shanghai', () => {
    expect(shanghaiDate(new Date('2026-11-27T16:30:00Z'))).toBe('2026-11-28');
    expect(shanghaiDate(new Date('2026-11-27T15:30:00Z'))).toBe('2026-11-27');
  });
});

describe('household input', () => {
  const street = { code: '310101002', level: AreaLevel.STREET } as Area;
  const input = (overrides: Partial<HouseholdCreateInput> = {}): HouseholdCreateInput => ({
    areaCode: '310101002',
    address: '南京东路1号',
    category: HouseholdCategory.LOW_INCOME,
    registration: Registration.SHANGHAI_HUKOU,
    consentBasis: '本人书面同意',
    members: [{ name: '王一', relation: '户主', idNumber: '31010119800101123X' }],
    ...overrides,
  });

  it('takes the birth date from the ID number and lists the fields written', () => {
    const result = validateHousehold(input(), street, '2026-11-28');
    expect(result.ok && result.value.members[0]!.birthDate).toBe('1980-01-01');
    expect(result.ok && result.value.fieldsWritten).toEqual([
      'address',
      'category',
      'registration',
      'consentBasis',
      'members.name',
      'members.relation',
      'members.idNumber',
      'members.birthDate',
    ]);
  });

  it('reports every rule broken, with paths', () => {
    const result = validateHousehold(
      input({
        address: ' ',
        consentBasis: '',
        monthlyIncomePerCapitaFen: -1,
        members: [
          { name: '王一', relation: '户主', idNumber: '31010119800101123X', birthDate: '1981-01-01' },
          { name: '', relation: '子女', idNumber: '31010119800101123X', phone: '12' },
          { name: '王三', relation: '\u0007', birthDate: '2999-01-01' },
        ],
      }),
      null,
      '2026-11-28',
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.field!.join('.'))).toEqual([
      'areaCode',
      'address',
      'consentBasis',
      'monthlyIncomePerCapitaFen',
      'members.0.birthDate',
      'members.1.name',
      'members.1.idNumber',
      'members.1.phone',
      'members.2.relation',
      'members.2.birthDate',
    ]);
    expect(!result.ok && result.errors.every((e) => e.code === 'INVALID')).toBe(true);
  });

  it('needs at least one member', () => {
    const result = validateHousehold(input({ members: [] }), street);
    expect(!result.ok && result.errors.map((e) => e.field)).toEqual([['members']]);
  });

  it('takes mobile and landline numbers, not junk', () => {
    for (const phone of ['13800000000', '+86 138-0000-0000', '021-62345678', '(021) 6234 5678', '62345678'])
      expect(plausiblePhone(phone)).toBe(true);
    for (const phone of ['12', '12345678901', '138000000000', 'call me', '021-623'])
      expect(plausiblePhone(phone)).toBe(false);
  });
});
