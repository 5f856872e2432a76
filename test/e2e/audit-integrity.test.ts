import { createHash } from 'node:crypto';
import { EmergencyReportDocument } from '../generated/graphql';
import { startTestHub, type TestHub } from '../support/hub';

// Regression tests for the review's audit and PIPL findings (issue 13, item 9).
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

const sql = (query: string, params: unknown[] = []) => t.orm.em.fork().execute(query, params);

describe('the audit trail', () => {
  // Fails on the old code: audit_entry was append-only by convention only.
  it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused', async () => {
    await sql(
      `insert into audit_entry (actor_subject, actor_role, actor_organization_id, action, subject_type, subject_id, fields, purpose, request_id)
       values ('someone', 'COORDINATOR', null, 'READ', 'Household', gen_random_uuid(), '{address}', 'CASEWORK', null)`,
    );
    await expect(sql(`update audit_entry set actor_subject = 'nobody'`)).rejects.toThrow(/append-only/);
    await expect(sql(`delete from audit_entry`)).rejects.toThrow(/append-only/);
    await expect(sql(`truncate audit_entry`)).rejects.toThrow(/append-only/);
    const [row] = await sql(`select count(*)::int as n from audit_entry where actor_subject = 'someone'`);
    expect(row.n).toBe(1);
  });

  // Already held on the old code (the request-id middleware validated the header); kept as a guard.
  it('never carries a client-chosen request id that is not a plain token', async () => {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'x"; drop table audit_entry; --' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('a report’s fingerprint', () => {
  // Fails on the old code: the fingerprint was an unkeyed SHA-256 of the report, the reporter's phone included.
  it('is keyed, so the phone cannot be found by trying every number', async () => {
    const input = {
      emergencyType: 'FIRE' as const,
      occurredAt: new Date(Date.now() - 3600_000).toISOString(),
      areaCode: '310101002',
      description: '居民家中起火。',
      channel: 'HOTLINE' as const,
      address: '南京东路某弄某号',
      reporterName: '张某',
      reporterPhone: '13800000000',
      idempotencyKey: `fingerprint-${Date.now()}`,
    };
    const first = await t.gql(EmergencyReportDocument, { input });
    const id = first.data!.emergencyReport.emergencyCase!.id;
    const [row] = await sql(`select request_hash from emergency_case where idempotency_key = ?`, [
      input.idempotencyKey,
    ]);
    const canonical = JSON.stringify([
      input.emergencyType,
      new Date(input.occurredAt).toISOString(),
      input.areaCode,
      input.description,
      input.channel,
      input.address,
      input.reporterName,
      input.reporterPhone,
    ]);
    expect(row.request_hash).toMatch(/^h1:[0-9a-f]{64}$/);
    expect(row.request_hash).not.toContain(createHash('sha256').update(canonical).digest('hex'));
    // A replay is still recognised.
    const again = await t.gql(EmergencyReportDocument, { input });
    expect(again.data!.emergencyReport.emergencyCase!.id).toBe(id);
  });
});
