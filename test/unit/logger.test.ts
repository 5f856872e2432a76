import { Writable } from 'node:stream';
import { createLogger, fixedFieldsLogger } from '../../src/core/logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { log: createLogger({ logLevel: 'debug' }, stream), text: () => lines.join('') };
}

describe('the logger', () => {
  it('writes to the destination it is given', () => {
    const { log, text } = capture();
    log.debug({ requestId: 'r1' }, 'hello');
    expect(JSON.parse(text())).toMatchObject({ level: 20, msg: 'hello', requestId: 'r1', service: 'jiujinan-hub' });
  });

  it('censors inputs, variables and personal fields', () => {
    const { log, text } = capture();
    log.info({
      input: { reporterName: '张三' },
      variables: { input: { idNumber: '31010119800101123X' } },
      household: { address: '南京东路1号', members: [{ name: '李四' }], consentBasis: '本人同意' },
      member: { idNumber: '310101195503152020', phone: '13912345678' },
      phone: '13800000000',
    });
    const out = text();
    for (const value of [
      '张三',
      '31010119800101123X',
      '南京东路1号',
      '李四',
      '本人同意',
      '310101195503152020',
      '13912345678',
      '13800000000',
    ])
      expect(out).not.toContain(value);
    expect(out).toContain('[redacted]');
  });
});

describe('the fixed-fields logger (the access line)', () => {
  it('writes the same line as the redacting logger for an access record', () => {
    const record = {
      requestId: 'r-1',
      method: 'POST',
      path: '/graphql',
      status: 200,
      ms: 1.5,
      operationName: 'Small',
      operationType: 'query',
    };
    const redacting = capture();
    const fixed = capture();
    redacting.log.info(record, 'request');
    fixedFieldsLogger(fixed.log).info(record, 'request');
    const strip = (line: string) => ({ ...(JSON.parse(line) as Record<string, unknown>), time: 0 });
    expect(strip(fixed.text())).toEqual(strip(redacting.text()));
    expect(strip(fixed.text())).toMatchObject({ ...record, msg: 'request', service: 'jiujinan-hub' });
  });
});
