import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import ts from 'typescript';
import { MODULES } from '../../src/modules';
import { CASE_LIFECYCLE } from '../../src/modules/cases/case.lifecycle';
import { NEED_LIFECYCLE } from '../../src/modules/cases/need.lifecycle';
import { COMMITMENT_LIFECYCLE } from '../../src/modules/referrals/commitment.lifecycle';
import { REFERRAL_LIFECYCLE } from '../../src/modules/referrals/referral.lifecycle';

const ROOT = path.resolve(__dirname, '../..');
const SRC = path.join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

/** Every file's relative imports, type-only ones included, resolved to files. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map((i) => i.fileName)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => {
        const base = path.resolve(path.dirname(file), spec);
        return [`${base}.ts`, path.join(base, 'index.ts'), base].find((f) =>
          statSync(f, { throwIfNoEntry: false })?.isFile(),
        );
      })
      .filter((f): f is string => f !== undefined);
    graph.set(file, targets);
  }
  return graph;
}

function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push(stack.slice(stack.indexOf(next)).map((f) => path.relative(ROOT, f)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

/** The text of every string and template literal of a source (template parts joined by `?`): its SQL. */
function literals(code: string): string[] {
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.push(node.text);
    else if (ts.isTemplateExpression(node))
      out.push([node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ? '));
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('x.ts', code, ts.ScriptTarget.Latest, true));
  return out;
}

/** The layer or module a source file belongs to: `cases` for src/modules/cases/…, `events` for src/events/…. */
function ownerOf(file: string): string {
  const parts = path.relative(SRC, file).split(path.sep);
  return parts[0] === 'modules' && parts.length > 2 ? parts[1]! : parts[0]!;
}

// Tables below the modules: the outbox and relay checkpoints, the search documents, the seed log.
const PLATFORM_TABLES: Record<string, string> = {
  domain_event: 'events',
  event_checkpoint: 'events',
  search_document: 'search',
  seed_run: 'db',
};

/** Who owns each table: a module's entities' tables and the raw `tables` of its manifest; the platform's. */
function tableOwners(): Map<string, string> {
  const owners = new Map(Object.entries(PLATFORM_TABLES));
  for (const module of MODULES) for (const table of module.tables ?? []) owners.set(table, module.name);
  for (const file of sourceFiles(path.join(SRC, 'modules'))) {
    for (const [, table] of readFileSync(file, 'utf8').matchAll(/@Entity\(\{ tableName: '(\w+)'/g))
      owners.set(table!, ownerOf(file));
  }
  return owners;
}

/** `file: table (owner)` for each SQL text of `code` that names a table another module (or layer) owns. */
function foreignTables(file: string, code: string, owners: Map<string, string>): string[] {
  const mine = ownerOf(file);
  const found = new Set<string>();
  for (const text of literals(code)) {
    for (const [, table] of text.matchAll(/\b(?:from|join|into|update|table)\s+"?([a-z_]+)"?/gi)) {
      const owner = owners.get(table!);
      if (owner && owner !== mine) found.add(`${path.relative(ROOT, file)}: ${table} (${owner})`);
    }
  }
  return [...found];
}

describe('architecture', () => {
  describe('a module runs SQL only on its own tables', () => {
    const owners = tableOwners();

    it('knows who owns every table the migrations create', () => {
      const created = sourceFiles(path.join(SRC, 'db/migrations')).flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/create table (?:if not exists )?"?([a-z_]+)"?/g)].map((m) => m[1]!),
      );
      expect(created.length).toBeGreaterThan(15);
      expect(created.filter((table) => !owners.has(table))).toEqual([]);
    });

    it('finds no SQL on another module’s table in src/', () => {
      const files = sourceFiles(SRC).filter((f) => !f.includes(`${path.sep}migrations${path.sep}`));
      expect(files.flatMap((file) => foreignTables(file, readFileSync(file, 'utf8'), owners))).toEqual([]);
    });

    it('finds it when there is some (the check above can fail)', () => {
      const file = path.join(SRC, 'modules/referrals/wrong-sql.ts');
      const code =
        'export const q = `select c.id from commitment c join need n on n.id = c.need_id where n.case_id = ?`;\n' +
        "export const r = 'insert into audit_entry (subject_id) values (?)';\n" +
        '// a comment naming from emergency_case is no SQL\n';
      expect(foreignTables(file, code, owners)).toEqual([
        'src/modules/referrals/wrong-sql.ts: need (cases)',
        'src/modules/referrals/wrong-sql.ts: audit_entry (audit)',
      ]);
    });
  });

  describe('writes no lifecycle state list outside its table', () => {
    const lifecycles = [CASE_LIFECYCLE, NEED_LIFECYCLE, REFERRAL_LIFECYCLE, COMMITMENT_LIFECYCLE];
    const states = new Set(lifecycles.flatMap((l) => l.states as readonly string[]));
    const enums = /\b(?:EmergencyCaseStatus|NeedStatus|ReferralStatus|CommitmentStatus)\.([A-Z_]+)\b/g;
    /** A state quoted in SQL (`'OPEN'`) or named in code (`NeedStatus.OPEN`). */
    const stateLiterals = (file: string, code: string): string[] => {
      const found: string[] = [];
      for (const text of literals(code))
        for (const [, state] of text.matchAll(/'([A-Z_]+)'/g))
          if (states.has(state!)) found.push(`${path.relative(ROOT, file)}: '${state}'`);
      for (const [written] of code.matchAll(enums)) found.push(`${path.relative(ROOT, file)}: ${written}`);
      return found;
    };

    it('no state literal in module SQL or code but in *.enums.ts and *.lifecycle.ts', () => {
      const files = sourceFiles(path.join(SRC, 'modules')).filter((f) => !/\.(enums|lifecycle)\.ts$/.test(f));
      expect(files.flatMap((file) => stateLiterals(file, readFileSync(file, 'utf8')))).toEqual([]);
    });

    it('finds one when there is one (the check above can fail)', () => {
      const file = path.join(SRC, 'modules/cases/wrong-states.ts');
      const code =
        "export const q = `select 1 from need where status in ('OPEN', 'MET')`;\nexport const s = NeedStatus.MET;\n";
      expect(stateLiterals(file, code)).toEqual([
        "src/modules/cases/wrong-states.ts: 'OPEN'",
        "src/modules/cases/wrong-states.ts: 'MET'",
        'src/modules/cases/wrong-states.ts: NeedStatus.MET',
      ]);
    });
  });

  it('has no import cycle among source files, type-only imports included', () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(100);
    expect(cycles(graph)).toEqual([]);
  });

  it('finds a cycle when there is one (the check above can fail)', () => {
    const a = path.join(SRC, 'a.ts');
    const b = path.join(SRC, 'b.ts');
    expect(
      cycles(
        new Map([
          [a, [b]],
          [b, [a]],
        ]),
      ),
    ).toEqual([['src/a.ts', 'src/b.ts']]);
  });

  describe('npm run lint enforces the boundaries', () => {
    // The project's own ESLint and config, as `npm run lint` runs them, on a file given on stdin.
    async function problems(file: string, code: string): Promise<string[]> {
      const run = spawnSync(
        process.execPath,
        [path.join(ROOT, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', '--stdin', '--stdin-filename', file],
        { cwd: ROOT, input: code, encoding: 'utf8' },
      );
      const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; message: string }[] }[];
      expect(run.status).toBe(result!.messages.length > 0 ? 1 : 0);
      return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
    }

    it('refuses a module reaching past another module’s door', async () => {
      const wrong = await problems(
        'src/modules/referrals/wrong-import.ts',
        "import { Need } from '../cases/need.entity';\n\nexport const need = Need;\n",
      );
      expect(wrong).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: .*through its door/)]);
      const right = await problems(
        'src/modules/referrals/right-import.ts',
        "import { Need } from '../cases';\n\nexport const need = Need;\n",
      );
      expect(right).toEqual([]);
    }, 60_000);

    it('refuses core importing a module, and the rules engine importing one', async () => {
      expect(
        await problems(
          'src/core/wrong-import.ts',
          "import { MODULES } from '../modules';\n\nexport const all = MODULES;\n",
        ),
      ).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: .*core is the ground floor/)]);
      expect(
        await problems(
          'src/rules/wrong-import.ts',
          "import { Need } from '../modules/cases';\n\nexport const need = Need;\n",
        ),
      ).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: .*the rules engine depends on core only/)]);
    }, 60_000);

    it('refuses config.ts importing anything of src/ (it is the ground floor)', async () => {
      expect(
        await problems(
          'src/config.ts',
          "import { trustFunction } from './http/trust-proxy';\n\nexport const trust = trustFunction;\n",
        ),
      ).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: .*config\.ts is the ground/)]);
    }, 60_000);

    it('refuses reading the wall clock and `as never`', async () => {
      const found = await problems(
        'src/modules/cases/wrong-time.ts',
        'export const now = new Date();\nexport const x = 1 as never;\n',
      );
      expect(found).toEqual([
        expect.stringMatching(/^no-restricted-syntax: time comes from the clock/),
        expect.stringMatching(/^no-restricted-syntax: no `as never`/),
      ]);
    }, 60_000);
  });
});
