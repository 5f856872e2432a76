import { Role, areaPrefix, signToken, verifyToken, withinArea, viewerFromAuthorization } from '../../src/core/auth';
import { fromGlobalId, localId, toGlobalId } from '../../src/core/relay';
import { decodeOffsetCursor, encodeOffsetCursor, pageSize } from '../../src/core/connection';
import { parseFullDate } from '../../src/core/scalars';

const SECRET = 'unit-test-secret-unit-test-secret';

describe('tokens', () => {
  it('round-trips role, organisation, area and subject', async () => {
    const token = await signToken(SECRET, { role: Role.CASEWORKER, org: 'T3Jn', area: '310101002', sub: 'bob' });
    expect(await verifyToken(SECRET, token)).toEqual({
      subject: 'bob',
      role: 'CASEWORKER',
      organizationId: 'T3Jn',
      areaCode: '310101002',
    });
  });

  it('gives a fresh random subject when none is named', async () => {
    const a = await verifyToken(SECRET, await signToken(SECRET, { role: Role.AUDITOR }));
    const b = await verifyToken(SECRET, await signToken(SECRET, { role: Role.AUDITOR }));
    expect(a.subject).not.toBe(b.subject);
  });

  it('rejects another secret, expiry and a missing bearer prefix', async () => {
    const token = await signToken(SECRET, { role: Role.COORDINATOR });
    await expect(verifyToken('another-secret-another-secret-xx', token)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const expired = await signToken(SECRET, { role: Role.COORDINATOR, expiresIn: '-1s' });
    await expect(verifyToken(SECRET, expired)).rejects.toThrow(/过期|expired/);
    await expect(viewerFromAuthorization(SECRET, `Token ${token}`)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(await viewerFromAuthorization(SECRET, undefined)).toBeNull();
  });
});

describe('jurisdiction', () => {
  it('covers the viewer’s area and everything below it', () => {
    expect(areaPrefix('310000')).toBe('31');
    expect(withinArea('310101002', '310000')).toBe(true);
    expect(withinArea('310101002', '310101')).toBe(true);
    expect(withinArea('310104003', '310101')).toBe(false);
    expect(withinArea('310101', '310101002')).toBe(false);
    expect(withinArea('310101002', '310101002')).toBe(true);
  });
});

describe('global IDs and cursors', () => {
  it('round-trips and rejects foreign strings', () => {
    const id = toGlobalId('Policy', '0b7f6c36-3f0e-4a53-9d0f-8f3b1f7f0a11');
    expect(fromGlobalId(id)).toEqual({ type: 'Policy', id: '0b7f6c36-3f0e-4a53-9d0f-8f3b1f7f0a11' });
    expect(localId(id, 'Area')).toBeNull();
    expect(fromGlobalId('not base64!')).toBeNull();
    expect(fromGlobalId(Buffer.from('Policy:1; drop table').toString('base64url'))).toBeNull();
  });

  it('checks page sizes and offset cursors', () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(100)).toBe(100);
    expect(() => pageSize(101)).toThrow(/100/);
    expect(() => pageSize(-1)).toThrow();
    expect(decodeOffsetCursor(encodeOffsetCursor(41))).toBe(42);
    expect(() => decodeOffsetCursor('bogus')).toThrow(/cursor/);
  });

  it('accepts only real calendar dates', () => {
    expect(parseFullDate('2017-05-15')).toBe('2017-05-15');
    expect(parseFullDate('2017-02-30')).toBeNull();
    expect(parseFullDate('2017-5-15')).toBeNull();
  });
});
