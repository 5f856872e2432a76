import { preferredEncoding } from '../../src/http/graphql-http';

describe('the encoding of a GraphQL answer', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['deflate', 'deflate'],
    ['*', 'br'],
    ['gzip;q=0, *;q=0.1', 'br'],
    ['br;q=0, gzip;q=0', null],
    ['identity', null],
    ['gzip;q=0.5, identity', null],
    ['GZIP ; Q=1', 'gzip'],
    ['compress, x-nonsense', null],
  ])('%s → %s', (header, expected) => {
    expect(preferredEncoding(header)).toBe(expected);
  });
});
