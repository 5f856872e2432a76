// Builds the web console (web/dist) when its inputs changed since the last build; `--force` always builds.
// Inputs: the web sources, the schema its operations are typed from, the lock file and the Vite config.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const stamp = path.join(root, 'web/dist/.inputs');

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'gql' ? [] : files(full);
    return [full];
  });
}

const inputs = [
  ...files(path.join(root, 'web/src')),
  ...['web/index.html', 'web/vite.config.ts', 'schema/schema.graphql', 'codegen.yml', 'package-lock.json'].map((f) =>
    path.join(root, f),
  ),
].sort();
const hash = createHash('sha256');
for (const file of inputs) hash.update(path.relative(root, file)).update('\0').update(readFileSync(file));
const digest = hash.digest('hex');

if (!process.argv.includes('--force') && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) {
  console.log('web: up to date (web/dist)');
  process.exit(0);
}
const started = Date.now();
const bin = (name) => path.join(root, 'node_modules/.bin', name);
execFileSync(bin('graphql-codegen'), ['--config', 'codegen.yml', '--silent'], { cwd: root, stdio: 'inherit' });
execFileSync(bin('vite'), ['build', '--logLevel', 'warn', '--config', 'web/vite.config.ts'], {
  cwd: root,
  stdio: 'inherit',
});
writeFileSync(stamp, digest);
const assets = readdirSync(path.join(root, 'web/dist/assets'));
const size = assets.reduce((n, f) => n + statSync(path.join(root, 'web/dist/assets', f)).size, 0);
console.log(
  `web: built in ${((Date.now() - started) / 1000).toFixed(1)} s (${assets.length} assets, ${(size / 1024).toFixed(0)} KiB)`,
);
