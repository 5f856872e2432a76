import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { benchFanout } from './fanout';
import { benchMatch } from './match';
import { benchPrecompiled } from './precompiled';
import { benchRelevance } from './relevance';
import { benchResources } from './resources';
import { benchSearch } from './search';
import { benchSmall } from './small';
import { benchSupervision } from './supervision';

// npm run bench -- <name> [--n N] [--needs M] [--seconds S]: prints one JSON document on stdout.
const BENCHMARKS: Record<string, (args: { n?: number; needs?: number; seconds: number }) => Promise<unknown>> = {
  search: (a) => benchSearch({ n: a.n ?? 20_000, seconds: a.seconds }),
  // The judged relevance set (test/fixtures/relevance); BENCH_VERBOSE=1 lists the misses.
  relevance: () => benchRelevance({ verbose: Boolean(process.env.BENCH_VERBOSE) }),
  resources: (a) => benchResources({ n: a.n ?? 10_000, seconds: a.seconds }),
  fanout: (a) => benchFanout({ subscribers: a.n ?? 1000, rounds: 10 }),
  // policy(id) with five fields, 16 connections, beside a bare Apollo + type-graphql floor.
  small: (a) => benchSmall({ seconds: a.seconds }),
  // graphql-js beside precompiled execution, two hubs in alternate turns; --n turns, --seconds per turn.
  precompiled: (a) => benchPrecompiled({ turns: a.n ?? 10, seconds: a.seconds === 10 ? 4 : a.seconds }),
  // --n published resources, --needs open needs (one per case and household).
  match: (a) => benchMatch({ resources: a.n ?? 10_000, needs: a.needs ?? 1000, seconds: a.seconds }),
  // --n cases (default 100,000) with three referrals each.
  supervision: (a) => benchSupervision({ cases: a.n ?? 100_000, referrals: (a.n ?? 100_000) * 3 }),
};

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { n: { type: 'string' }, needs: { type: 'string' }, seconds: { type: 'string' } },
  });
  const names = positionals.length ? positionals : Object.keys(BENCHMARKS);
  const unknown = names.filter((n) => !BENCHMARKS[n]);
  if (unknown.length) {
    console.error(`unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHMARKS).join(', ')}`);
    process.exit(2);
  }
  const args = {
    n: values.n ? Number(values.n) : undefined,
    needs: values.needs ? Number(values.needs) : undefined,
    seconds: values.seconds ? Number(values.seconds) : 10,
  };
  const results = [];
  for (const name of names) {
    // One benchmark that fails still leaves the others' figures in the document (and the exit code says so).
    try {
      results.push(await BENCHMARKS[name]!(args));
    } catch (error) {
      console.error(error);
      results.push({ benchmark: name, error: error instanceof Error ? error.message : String(error) });
      process.exitCode = 1;
    }
  }
  console.log(JSON.stringify(results.length === 1 ? results[0] : results, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
