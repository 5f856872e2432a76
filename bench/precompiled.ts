import os from 'node:os';
import pg from 'pg';
import { toGlobalId } from '../src/core/relay';
import { cpuMs, round } from './measure';
import { loadResources, OPERATION as RESOURCES } from './resources';
import { OPERATION as SMALL } from './small';
import { benchDatabase, loadGraphql, spawnHub } from './support';

/**
 * `npm run bench -- precompiled [--seconds S] [--n TURNS]`: two hubs over one database at the same time, one
 * executing with graphql-js (PRECOMPILED_QUERIES=off), one precompiled, driven in alternate turns of S seconds
 * (default 4) on the `resources(first: 50)` page and on `small`'s policy(id): CPU ms per request of each hub,
 * summed over the turns. Both hubs live through the same load from the rest of the machine, which a run of
 * one hub after the other does not give.
 */
export async function benchPrecompiled(args: { turns: number; seconds: number }) {
  const db = await benchDatabase();
  try {
    await loadResources(db.url, 10_000);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query<{ id: string }>(
      `select id from policy where status = 'PUBLISHED' order by id limit 1`,
    );
    await client.end();
    const hubs = {
      graphqlJs: await spawnHub(db.url, { PRECOMPILED_QUERIES: 'off' }),
      precompiled: await spawnHub(db.url, { PRECOMPILED_QUERIES: 'on' }),
    };
    try {
      const operations = {
        resources: { query: RESOURCES },
        small: { query: SMALL, variables: { id: toGlobalId('Policy', rows[0]!.id) } },
      };
      const results: Record<string, unknown> = {};
      for (const [name, body] of Object.entries(operations)) {
        // The same answer from both, without errors.
        const answers = await Promise.all(
          Object.values(hubs).map(async (hub) => {
            const response = await fetch(hub.url, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(body),
            });
            return response.text();
          }),
        );
        if (answers[0] !== answers[1] || 'errors' in JSON.parse(answers[0]!))
          throw new Error(`${name}: the hubs answer differently or with errors`);
        for (const hub of Object.values(hubs)) await loadGraphql(hub.url, body, { seconds: 3 });
        const totals = { graphqlJs: { cpu: 0, requests: 0 }, precompiled: { cpu: 0, requests: 0 } };
        for (let turn = 0; turn < args.turns; turn++) {
          const order = turn % 2 ? (['precompiled', 'graphqlJs'] as const) : (['graphqlJs', 'precompiled'] as const);
          for (const key of order) {
            const pid = hubs[key].child.pid!;
            const before = cpuMs([pid]);
            const result = await loadGraphql(hubs[key].url, body, { seconds: args.seconds });
            totals[key].cpu += cpuMs([pid]) - before;
            totals[key].requests += result.requests;
          }
        }
        results[name] = {
          hubCpuMsPerRequest: {
            graphqlJs: round(totals.graphqlJs.cpu / totals.graphqlJs.requests),
            precompiled: round(totals.precompiled.cpu / totals.precompiled.requests),
          },
          requests: { graphqlJs: totals.graphqlJs.requests, precompiled: totals.precompiled.requests },
          loadAverage: os.loadavg().map(round),
        };
      }
      return { benchmark: 'precompiled', turns: args.turns, secondsPerTurn: args.seconds, ...results };
    } finally {
      await Promise.all(Object.values(hubs).map((hub) => hub.stop()));
    }
  } finally {
    await db.close();
  }
}
