import {
  EmergencyCaseAcceptDocument,
  EmergencyCaseUpdatedDocument,
  EmergencyReportDocument,
  type EmergencyCaseUpdatedSubscription,
} from '../generated/graphql';
import { castOf, OTHER_DISTRICT_STREET, STREET, type Cast } from '../support/casework';
import { startTestHub, type TestHub } from '../support/hub';
import { sleep, subscribe, until, type Subscriber } from '../support/ws';

let t: TestHub;
let cast: Cast;
let serial = 0;

beforeAll(async () => {
  t = await startTestHub({ reportRateLimitPerMinute: 1000 });
  cast = await castOf(t);
});
afterAll(() => t.close());

async function report(areaCode: string) {
  const result = await t.gql(EmergencyReportDocument, {
    input: {
      emergencyType: 'FIRE',
      occurredAt: new Date(Date.now() - 3600_000).toISOString(),
      areaCode,
      description: '居民家中失火，一家三口暂无住处',
      channel: 'HOTLINE',
      reporterName: '王某',
      reporterPhone: '13911112222',
      idempotencyKey: `case-feed-${process.pid}-${serial++}`,
    },
  });
  expect(result.data!.emergencyReport.userErrors).toEqual([]);
  return result.data!.emergencyReport.emergencyCase!;
}

/** Subscribes and waits until the hub has registered the subscription (its bus has one more listener). */
async function watch(token?: string, areaCode?: string): Promise<Subscriber<EmergencyCaseUpdatedSubscription>> {
  const before = t.hub.bus.size;
  const subscriber = await subscribe(t.url, EmergencyCaseUpdatedDocument, areaCode ? { areaCode } : {}, token);
  if (subscriber.errors.length === 0) await until(() => t.hub.bus.size > before, 10_000, 'the subscription');
  return subscriber;
}

const auditCount = async (caseId: string) => {
  const [row] = await t.orm.em
    .fork()
    .getConnection()
    .execute(
      `select count(*)::int as n from audit_entry where subject_id = (select id from emergency_case where reference = ?) and 'reporterPhone' = any(fields)`,
      [caseId],
    );
  return row.n as number;
};

describe('emergencyCaseUpdated: the live worklist', () => {
  it('brings a street’s new reports and their steps to its staff, each read afresh and audited per event', async () => {
    const worker = await watch(cast.caseworker);
    const auditor = await watch(cast.auditor); // the district's auditor
    const outsider = await watch(cast.outsider); // a caseworker of another district
    try {
      const reported = await report(STREET);
      await report(OTHER_DISTRICT_STREET);
      const [first] = await worker.waitFor(1);
      expect(first!.emergencyCaseUpdated).toMatchObject({
        id: reported.id,
        reference: reported.reference,
        status: 'REPORTED',
        area: { code: STREET },
        owner: null,
        reporterName: '王某',
        reporterPhone: '13911112222',
      });

      // The acceptance arrives with its owner: the case was read again for this event, not taken from the last one.
      const accepted = await t.gql(
        EmergencyCaseAcceptDocument,
        { input: { id: reported.id } },
        { token: cast.caseworker },
      );
      expect(accepted.data!.emergencyCaseAccept.userErrors).toEqual([]);
      const [, second] = await worker.waitFor(2);
      expect(second!.emergencyCaseUpdated.owner).not.toBeNull();
      await auditor.waitFor(2);
      // Each delivery that read the reporter's phone wrote its own audit entry (worker and auditor, two events each).
      expect(await auditCount(reported.reference)).toBe(4);

      // The report of another district reached its own staff only.
      await outsider.waitFor(1);
      expect(outsider.received.map((r) => r.emergencyCaseUpdated.area.code)).toEqual([OTHER_DISTRICT_STREET]);
      await sleep(300);
      expect(worker.received.map((r) => r.emergencyCaseUpdated.area.code)).toEqual([STREET, STREET]);
      expect([...worker.errors, ...auditor.errors, ...outsider.errors]).toEqual([]);
    } finally {
      await Promise.all([worker.close(), auditor.close(), outsider.close()]);
    }
  });

  it('is for staff within their jurisdiction only', async () => {
    const refusals: [string | undefined, string | undefined, string][] = [
      [undefined, undefined, 'UNAUTHENTICATED'],
      [cast.charity, undefined, 'FORBIDDEN'],
      [cast.caseworker, OTHER_DISTRICT_STREET, 'FORBIDDEN'],
      [cast.auditor, '310000', 'FORBIDDEN'],
    ];
    for (const [token, areaCode, code] of refusals) {
      const subscriber = await subscribe(t.url, EmergencyCaseUpdatedDocument, areaCode ? { areaCode } : {}, token);
      try {
        await until(() => subscriber.errors.length > 0, 5_000, 'the refusal');
        const error = subscriber.errors[0] as { extensions?: { code?: string } }[] | { extensions?: { code?: string } };
        const first = Array.isArray(error) ? error[0] : error;
        expect({ token: !!token, areaCode, code: first?.extensions?.code }).toEqual({ token: !!token, areaCode, code });
      } finally {
        await subscriber.close();
      }
    }
  });

  it('narrows to one street of the jurisdiction with areaCode', async () => {
    const district = await watch(cast.districtCoordinator, '310101013'); // another street of 黄浦区
    try {
      await report(STREET);
      await sleep(800);
      expect(district.received).toEqual([]);
      expect(district.errors).toEqual([]);
    } finally {
      await district.close();
    }
  });
});
