import pg from 'pg';
import {
  EmergencyCaseAcceptDocument,
  ReportStatusOfDocument,
  ReportWithCodeDocument,
  type EmergencyReportInput,
} from '../generated/graphql';
import { startTestHub, type TestHub } from '../support/hub';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ reportRateLimitPerMinute: 1000 });
});
afterAll(() => t.close());

let serial = 0;
const report = (overrides: Partial<EmergencyReportInput> = {}): EmergencyReportInput => ({
  emergencyType: 'FIRE',
  occurredAt: new Date(Date.now() - 3600_000).toISOString(),
  areaCode: '310101002',
  description: '居民家中起火，一家三口暂无住处。',
  channel: 'PUBLIC_REPORT',
  reporterName: '张某',
  reporterPhone: '13800000000',
  address: '南京东路某弄某号',
  idempotencyKey: `tracking-${process.pid}-${serial++}`,
  ...overrides,
});

describe('emergencyReportStatus', () => {
  it('gives a tracking code once per report, the same on a resubmit, and the status for reference + code', async () => {
    const input = report();
    const first = await t.gql(ReportWithCodeDocument, { input });
    const { emergencyCase, trackingCode } = first.data!.emergencyReport;
    expect(trackingCode).toMatch(/^[2-9A-HJ-NP-Z]{10}$/);
    const again = await t.gql(ReportWithCodeDocument, { input });
    expect(again.data!.emergencyReport.emergencyCase!.reference).toBe(emergencyCase!.reference);
    expect(again.data!.emergencyReport.trackingCode).toBe(trackingCode);
    const other = await t.gql(ReportWithCodeDocument, { input: report() });
    expect(other.data!.emergencyReport.trackingCode).not.toBe(trackingCode);

    const status = await t.gql(ReportStatusOfDocument, {
      reference: emergencyCase!.reference,
      trackingCode: trackingCode!,
    });
    expect(status.errors).toBeUndefined();
    expect(status.data!.emergencyReportStatus).toMatchObject({
      reference: emergencyCase!.reference,
      status: 'REPORTED',
      emergencyType: 'FIRE',
      acceptedAt: null,
    });
    // Lower case and spaces are forgiven, as people type them.
    const typed = await t.gql(ReportStatusOfDocument, {
      reference: emergencyCase!.reference,
      trackingCode: ` ${trackingCode!.toLowerCase().slice(0, 5)} ${trackingCode!.toLowerCase().slice(5)} `,
    });
    expect(typed.data!.emergencyReportStatus?.reference).toBe(emergencyCase!.reference);

    const caseworker = await t.token('CASEWORKER', { area: '310101002' });
    const taken = await t.gql(EmergencyCaseAcceptDocument, { input: { id: emergencyCase!.id } }, { token: caseworker });
    expect(taken.data!.emergencyCaseAccept.userErrors).toEqual([]);
    const accepted = await t.gql(ReportStatusOfDocument, {
      reference: emergencyCase!.reference,
      trackingCode: trackingCode!,
    });
    expect(accepted.data!.emergencyReportStatus!.acceptedAt).not.toBeNull();
  });

  it('answers a wrong code exactly as an unknown reference, and nothing personal ever', async () => {
    const { data } = await t.gql(ReportWithCodeDocument, { input: report() });
    const { emergencyCase, trackingCode } = data!.emergencyReport;
    const wrongCode = await t.post({
      query:
        'query($r: String!, $c: String!) { emergencyReportStatus(reference: $r, trackingCode: $c) { reference status } }',
      variables: { r: emergencyCase!.reference, c: 'ABCDEFGHJK' },
    });
    const unknown = await t.post({
      query:
        'query($r: String!, $c: String!) { emergencyReportStatus(reference: $r, trackingCode: $c) { reference status } }',
      variables: { r: 'JJN-20000101-AAAAAA', c: trackingCode },
    });
    expect(wrongCode.status).toBe(200);
    expect(wrongCode.text).toBe(unknown.text);
    expect(JSON.parse(wrongCode.text)).toEqual({ data: { emergencyReportStatus: null } });

    // The type has no field for personal data.
    const personal = await t.post({
      query: `query($r: String!, $c: String!) { emergencyReportStatus(reference: $r, trackingCode: $c) { reporterPhone } }`,
      variables: { r: emergencyCase!.reference, c: trackingCode },
    });
    expect(personal.status).toBe(400);
  });

  it('stores only a keyed hash of the code', async () => {
    const { data } = await t.gql(ReportWithCodeDocument, { input: report() });
    const { emergencyCase, trackingCode } = data!.emergencyReport;
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<Record<string, unknown>>(
        'select * from emergency_case where reference = $1',
        [emergencyCase!.reference],
      );
      const stored = JSON.stringify(rows[0]);
      expect(stored).not.toContain(trackingCode);
      expect(rows[0]!.tracking_hash).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await client.end();
    }
  });
});
