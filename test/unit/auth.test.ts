import { loadConfig } from '../../src/config';
import { Role, areaPrefix, createTokenVerifier, signToken, withinArea } from '../../src/core/auth';
import { fromGlobalId, localId, toGlobalId } from '../../src/core/relay';
import { decodeOffsetCursor, encodeOffsetCursor, pageSize } from '../../src/core/connection';
import { parseFullDate } from '../../src/core/scalars';

const SECRET = 'unit-test-secret-unit-test-secret';

describe('tokens', () => {
  const tokens = createTokenVerifier(loadConfig({ jwtSecret: SECRET }));

  it('round-trips role, organisation, area and subject, with a token id and an expiry of at most 12 h', async () => {
    const token = await signToken(SECRET, { role: Role.CASEWORKER, org: 'T3Jn', area: '310101002', sub: 'bob' });
    const viewer = await tokens.verify(token);
    expect(viewer).toMatchObject({
      subject: 'bob',
      role: 'CASEWORKER',
      organizationId: 'T3Jn',
      areaCode: '310101002',
    });
    expect(viewer.tokenId).toMatch(/^[0-9a-f-]{36}$/);
    const hours = (viewer.expiresAt.getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThanOrEqual(12);
  });

  it('gives a fresh random subject when none is named', async () => {
    const a = await tokens.verify(await signToken(SECRET, { role: Role.AUDITOR }));
    const b = await tokens.verify(await signToken(SECRET, { role: Role.AUDITOR }));
    expect(a.subject).not.toBe(b.subject);
  });

  it('rejects another secret, expiry and a missing bearer prefix', async () => {
    const token = await signToken(SECRET, { role: Role.COORDINATOR });
    const other = createTokenVerifier(loadConfig({ jwtSecret: 'another-secret-another-secret-xx' }));
    await expect(other.verify(token)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const expired = await signToken(SECRET, { role: Role.COORDINATOR, expiresIn: '-1s' });
    await expect(tokens.verify(expired)).rejects.toThrow(/过期|expired/);
    await expect(tokens.fromAuthorization(`Token ${token}`)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(await tokens.fromAuthorization(undefined)).toBeNull();
  });

  it('checks a token’s signature once, then answers from the cache of verified tokens', async () => {
    const verifier = createTokenVerifier(loadConfig({ jwtSecret: SECRET }));
    const token = await signToken(SECRET, { role: Role.CASEWORKER, area: '310101002', sub: 'cached' });
    const first = await verifier.verify(token);
    const again = await verifier.verify(token);
    expect(again).toBe(first);
    expect(verifier.stats()).toEqual({ signatureChecks: 1, cacheHits: 1 });
    // A bad token is never remembered: each attempt checks it again.
    const forged = `${token.slice(0, -4)}AAAA`;
    await expect(verifier.verify(forged)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(verifier.verify(forged)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(verifier.stats()).toEqual({ signatureChecks: 3, cacheHits: 1 });
  });

  it('refuses a cached token once it is revoked, and once it has expired', async () => {
    const revoked = new Set<string>();
    const verifier = createTokenVerifier(loadConfig({ jwtSecret: SECRET }), { isRevoked: (id) => revoked.has(id) });
    const token = await signToken(SECRET, { role: Role.COORDINATOR, expiresIn: '1s' });
    const viewer = await verifier.verify(token);
    await verifier.verify(token);
    expect(verifier.stats().cacheHits).toBe(1);
    revoked.add(viewer.tokenId!);
    await expect(verifier.verify(token)).rejects.toThrow(/吊销|revoked/);
    revoked.clear();
    await new Promise((resolve) => setTimeout(resolve, viewer.expiresAt.getTime() - Date.now() + 50));
    await expect(verifier.verify(token)).rejects.toThrow(/过期|expired/);
  });

  it('remembers a verified token for at most the cache’s seconds', async () => {
    const verifier = createTokenVerifier(loadConfig({ jwtSecret: SECRET }), undefined, { size: 10, seconds: 0 });
    const token = await signToken(SECRET, { role: Role.AUDITOR });
    await verifier.verify(token);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await verifier.verify(token);
    expect(verifier.stats()).toEqual({ signatureChecks: 2, cacheHits: 0 });
  });

  it('mints no token longer than 12 h', async () => {
    await expect(signToken(SECRET, { role: Role.COORDINATOR, expiresIn: '30d' })).rejects.toThrow(/12 h/);
    await expect(signToken(SECRET, { role: Role.COORDINATOR, expiresIn: '13h' })).rejects.toThrow(/12 h/);
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
