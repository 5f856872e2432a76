import { loadConfig, parseTrustProxy } from '../../src/config';
import { trustFunction } from '../../src/http/trust-proxy';

describe('TRUST_PROXY', () => {
  it('is off by default and for off/false/0', () => {
    for (const raw of [undefined, '', 'off', 'false', '0']) expect(parseTrustProxy(raw)).toBe(false);
    expect(loadConfig({}, {}).trustProxy).toBe(false);
  });

  it('reads a hop count or a list of addresses and CIDRs', () => {
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('10.0.0.0/8, loopback ,fd00::/8')).toEqual(['10.0.0.0/8', 'loopback', 'fd00::/8']);
    const trust = trustFunction(parseTrustProxy('10.0.0.0/8'));
    expect(trust('10.1.2.3', 0)).toBe(true);
    expect(trust('192.0.2.1', 0)).toBe(false);
    expect(trustFunction(1)('192.0.2.1', 0)).toBe(true);
    expect(trustFunction(1)('192.0.2.1', 1)).toBe(false);
    expect(trustFunction(false)('127.0.0.1', 0)).toBe(false);
  });

  it('refuses "true" (any client could choose its address) and addresses that are not', () => {
    expect(() => parseTrustProxy('true')).toThrow(/hop count/);
    expect(() => loadConfig({}, { TRUST_PROXY: 'not-an-address' })).toThrow(/TRUST_PROXY/);
  });
});

describe('other operations settings', () => {
  it('reads CORS_ORIGINS as exact origins and refuses anything else', () => {
    expect(loadConfig({}, { CORS_ORIGINS: 'https://a.example.org, http://localhost:5173/' }).corsOrigins).toEqual([
      'https://a.example.org',
      'http://localhost:5173',
    ]);
    expect(() => loadConfig({}, { CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({}, { CORS_ORIGINS: 'https://a.example.org/path' })).toThrow(/CORS_ORIGINS/);
  });

  it('has limits, caps and a key prefix by default, and refuses a short METRICS_TOKEN', () => {
    const config = loadConfig({}, {});
    expect(config).toMatchObject({
      writeRateLimitPerMinute: 120,
      searchRateLimitPerMinute: 300,
      rateLimitPrefix: 'jiujinan:ratelimit',
      wsMaxConnectionsPerAddress: 100,
      wsMaxSubscriptionsPerConnection: 50,
      metricsToken: undefined,
    });
    expect(() => loadConfig({}, { METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });
});
