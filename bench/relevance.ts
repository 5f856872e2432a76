import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { JIUJINAN_2017_TITLE, policyBodyFromCorpus } from '../src/modules/policies/policy-text';
import { PgSearchIndex, SEARCH_DOCUMENT_DDL } from '../src/search/pg-search-index';
import type { SearchDocument, SearchIndex, SearchKind } from '../src/search/search-index';
import { Thesaurus, ThesaurusHolder } from '../src/search/thesaurus';
import { RESOURCES } from '../seeds/data/resources';
import { THESAURUS } from '../seeds/data/thesaurus';
import { seedDataPath } from '../seeds';
import { benchDatabase } from './support';

/** The judged relevance set: test/fixtures/relevance/ (documents.json, queries.json). */
export interface JudgedQuery {
  group: string;
  kind: SearchKind;
  q: string;
  /** Document key → grade (3 the right answer, 2 good, 1 related); empty: no right answer. */
  relevant: Record<string, number>;
}

interface PolicyFixture {
  key: string;
  title: string;
  docNumber: string;
  issuedOn: string;
  body: string;
}

function fixturePath(file: string): string {
  const candidates = [
    path.join(__dirname, '..', 'test', 'fixtures', 'relevance', file),
    path.join(__dirname, '..', '..', 'test', 'fixtures', 'relevance', file),
  ];
  return candidates.find((p) => fs.existsSync(p)) ?? candidates[0]!;
}

export function judgedQueries(): JudgedQuery[] {
  return (JSON.parse(fs.readFileSync(fixturePath('queries.json'), 'utf8')) as { queries: JudgedQuery[] }).queries;
}

/** The corpus: the seeded resources and 2017 policy, and the invented policies of documents.json. */
export function relevanceDocuments(): { key: string; doc: SearchDocument }[] {
  const out: { key: string; doc: SearchDocument }[] = [];
  const at = new Date('2024-01-01T00:00:00Z');
  RESOURCES.forEach((r, i) => {
    const body = [
      r.description,
      r.eligibilityDescription ?? '',
      (r.skills ?? []).join(' '),
      (r.items ?? []).map((item) => item.name).join(' '),
    ].join('\n');
    out.push({
      key: r.key,
      doc: {
        kind: 'resource',
        id: randomUUID(),
        title: r.title,
        body,
        tags: ['status:PUBLISHED'],
        sortKey: new Date(at.getTime() + i * 60_000),
      },
    });
  });
  const corpus = policyBodyFromCorpus(fs.readFileSync(seedDataPath('jiujinan-2017.txt'), 'utf8'));
  out.push({
    key: 'jiujinan-2017',
    doc: {
      kind: 'policy',
      id: randomUUID(),
      title: JIUJINAN_2017_TITLE,
      body: corpus,
      tags: ['status:PUBLISHED'],
      sortKey: new Date('2017-05-15T00:00:00+08:00'),
      dateKey: '2017-05-15',
    },
  });
  const { policies } = JSON.parse(fs.readFileSync(fixturePath('documents.json'), 'utf8')) as {
    policies: PolicyFixture[];
  };
  for (const p of policies) {
    out.push({
      key: p.key,
      doc: {
        kind: 'policy',
        id: randomUUID(),
        title: p.title,
        // As policySearchDocument builds it: the 文号 heads the body.
        body: `${p.docNumber}\n${p.body}`,
        tags: ['status:PUBLISHED'],
        sortKey: new Date(`${p.issuedOn}T00:00:00+08:00`),
        dateKey: p.issuedOn,
      },
    });
  }
  return out;
}

/** The shipped thesaurus, as the seeder loads it. */
export function seedThesaurus(): Thesaurus {
  return new Thesaurus(THESAURUS.map((s) => ({ terms: s.terms, targets: s.targets ?? [] })));
}

export interface GroupMetrics {
  queries: number;
  /** Answerable: the first hit has grade ≥ 2. No answer: nothing was returned. */
  top1: number;
  mrr: number;
  ndcg5: number;
  zeroResultRate: number;
  falsePositiveRate: number;
}

export interface QueryOutcome {
  group: string;
  q: string;
  returned: string[];
  top1: boolean;
}

function dcg(grades: number[]): number {
  return grades.reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
}

function summarise(
  outcomes: { answerable: boolean; top1: number; rr: number; ndcg: number; zero: boolean; fp: boolean }[],
): GroupMetrics {
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const answerable = outcomes.filter((o) => o.answerable);
  const noAnswer = outcomes.filter((o) => !o.answerable);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return {
    queries: outcomes.length,
    top1: round(mean(outcomes.map((o) => o.top1))),
    mrr: round(mean(answerable.map((o) => o.rr))),
    ndcg5: round(mean(answerable.map((o) => o.ndcg))),
    zeroResultRate: round(answerable.length ? answerable.filter((o) => o.zero).length / answerable.length : 0),
    falsePositiveRate: round(noAnswer.length ? noAnswer.filter((o) => o.fp).length / noAnswer.length : 0),
  };
}

/** Runs every judged query through `index` over the loaded corpus (`keyOf`: entity id → key). */
export async function evaluate(
  search: (kind: SearchKind, q: string) => Promise<string[]>,
  queries: JudgedQuery[],
): Promise<{ total: GroupMetrics; groups: Record<string, GroupMetrics>; outcomes: QueryOutcome[] }> {
  const rows: (Parameters<typeof summarise>[0][number] & { group: string })[] = [];
  const outcomes: QueryOutcome[] = [];
  for (const query of queries) {
    const returned = await search(query.kind, query.q);
    const grades = Object.entries(query.relevant);
    const answerable = grades.length > 0;
    const gradeOf = (key: string) => query.relevant[key] ?? 0;
    const firstGood = returned.findIndex((k) => gradeOf(k) >= 2);
    const ideal = grades
      .map(([, g]) => g)
      .sort((a, b) => b - a)
      .slice(0, 5);
    const ndcg = answerable ? dcg(returned.slice(0, 5).map(gradeOf)) / dcg(ideal) : 0;
    const top1 = answerable ? returned.length > 0 && gradeOf(returned[0]!) >= 2 : returned.length === 0;
    rows.push({
      group: query.group,
      answerable,
      top1: top1 ? 1 : 0,
      rr: firstGood >= 0 ? 1 / (firstGood + 1) : 0,
      ndcg,
      zero: returned.length === 0,
      fp: !answerable && returned.length > 0,
    });
    outcomes.push({ group: query.group, q: query.q, returned: returned.slice(0, 5), top1 });
  }
  const groups: Record<string, GroupMetrics> = {};
  for (const group of [...new Set(rows.map((r) => r.group))])
    groups[group] = summarise(rows.filter((r) => r.group === group));
  return { total: summarise(rows), groups, outcomes };
}

/** Loads the corpus into a fresh search_document table on `url`; returns the id → key map. */
export async function loadRelevanceCorpus(orm: MikroORM, index: SearchIndex): Promise<Map<string, string>> {
  await orm.em.getConnection().execute(SEARCH_DOCUMENT_DDL);
  const docs = relevanceDocuments();
  await orm.em.fork().transactional((em) =>
    index.upsert(
      em,
      docs.map((d) => d.doc),
    ),
  );
  await orm.em.getConnection().execute('ANALYZE search_document');
  return new Map(docs.map((d) => [d.doc.id, d.key]));
}

/** `npm run bench -- relevance`: the judged set against the PostgreSQL adapter with the shipped thesaurus. */
export async function benchRelevance(options: { verbose?: boolean } = {}) {
  const db = await benchDatabase();
  const orm = await MikroORM.init({
    driver: PostgreSqlDriver,
    clientUrl: db.url,
    entities: [],
    discovery: { warnWhenNoEntities: false },
  });
  try {
    const index = new PgSearchIndex({ thesaurus: new ThesaurusHolder(seedThesaurus()) });
    const keys = await loadRelevanceCorpus(orm, index);
    const started = process.hrtime.bigint();
    const queries = judgedQueries();
    const result = await evaluate(async (kind, q) => {
      const r = await index.search(orm.em.fork(), { kind, text: q, offset: 0, limit: 10 });
      return r.hits.map((h) => keys.get(h.id) ?? h.id);
    }, queries);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    return {
      benchmark: 'relevance',
      documents: keys.size,
      queries: queries.length,
      thesaurusEntries: THESAURUS.length,
      msPerQuery: Math.round((ms / queries.length) * 100) / 100,
      total: result.total,
      groups: result.groups,
      ...(options.verbose ? { misses: result.outcomes.filter((o) => !o.top1) } : {}),
    };
  } finally {
    await orm.close(true);
    await db.close();
  }
}
