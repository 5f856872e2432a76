import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import ts from 'typescript';

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

describe('architecture', () => {
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
