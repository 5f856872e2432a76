import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { print } from 'graphql';
import {
  AreasDocument,
  PolicyCreateDocument,
  PolicyPublishDocument,
  SearchPoliciesDocument,
} from '../generated/graphql';
import { createDatabase } from '../support/db';
import { mainToken, startMain } from '../support/spawn';

async function gql(url: string, document: Parameters<typeof print>[0], variables: object, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return (await response.json()) as { data: any; errors?: unknown[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const SEED_TITLE = '关于在本市开展“救急难”工作的实施意见(试行)';

async function counts(url: string) {
  const policies = await gql(url, SearchPoliciesDocument, { first: 100 });
  const districts = await gql(url, AreasDocument, { parentCode: '310000' });
  const titles: string[] = policies.data.policies.edges.map((e: { node: { title: string } }) => e.node.title);
  return {
    policies: policies.data.policies.totalCount,
    seeds: titles.filter((t) => t === SEED_TITLE).length,
    districts: districts.data.areas.length,
  };
}

describe('npm start on an embedded PostgreSQL', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiujinan-restart-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('seeds once, keeps data across a restart, and shuts down cleanly on SIGTERM', async () => {
    const first = await startMain({ DATA_DIR: dataDir });
    try {
      expect(fs.existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);
      expect(await counts(first.url)).toEqual({ policies: 1, seeds: 1, districts: 16 });
      const token = await mainToken('COORDINATOR', { area: '310000' });
      const created = await gql(
        first.url,
        PolicyCreateDocument,
        { input: { title: '重启后仍在的政策', issuers: ['上海市民政局'], body: '一、目的\n验证持久化。' } },
        token,
      );
      const id = created.data.policyCreate.policy.id;
      await gql(first.url, PolicyPublishDocument, { input: { id } }, token);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    expect(first.output()).not.toMatch(/"level":(50|60)/);

    const second = await startMain({ DATA_DIR: dataDir });
    try {
      expect(await counts(second.url)).toEqual({ policies: 2, seeds: 1, districts: 16 });
      const found = await gql(second.url, SearchPoliciesDocument, { search: '持久化' });
      expect(found.data.policies.edges[0].node.title).toBe('重启后仍在的政策');
    } finally {
      expect(await second.stop()).toBe(0);
    }
    expect(second.output()).not.toContain('seeded an empty database');
  }, 120_000); // two starts of an embedded PostgreSQL: slow on a loaded machine

  it('uses DATABASE_URL when set and starts no embedded server', async () => {
    const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiujinan-external-'));
    const started = await startMain({ DATA_DIR: emptyDir, DATABASE_URL: await createDatabase() });
    try {
      expect(await counts(started.url)).toEqual({ policies: 1, seeds: 1, districts: 16 });
      expect(fs.existsSync(path.join(emptyDir, 'pg'))).toBe(false);
    } finally {
      expect(await started.stop()).toBe(0);
      fs.rmSync(emptyDir, { recursive: true, force: true });
    }
  }, 60_000);
});
