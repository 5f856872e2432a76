import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { startLocalIdentityProvider, type LocalIdentityProvider } from '../../scripts/local-identity-provider';

// A production hub accepts only its identity provider's tokens (HS256 is refused there): one local provider
// per test file stands in for the city's.
let provider: Promise<LocalIdentityProvider> | undefined;
function identityProvider(): Promise<LocalIdentityProvider> {
  // Its server is unref'd: it ends with the test process.
  return (provider ??= startLocalIdentityProvider());
}

/** The identity provider that spawned hubs trust (a test hub may trust it too). */
export function mainIdentity(): Promise<LocalIdentityProvider> {
  return identityProvider();
}

/** A token from the identity provider that spawned hubs trust. */
export async function mainToken(role: string, claims: { org?: string; area?: string; sub?: string } = {}) {
  return (await identityProvider()).sign({ role, ...claims });
}

// The real entry point (`npm start` runs dist/src/main.js), started and stopped as a user would.
const MAIN = path.join(__dirname, '..', '..', 'dist', 'src', 'main.js');

export interface MainProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** SIGTERM, then the exit code (null when killed by a signal). */
  stop(): Promise<number | null>;
}

/** Starts a hub process; resolves with its URL once it logs that it is ready. */
export async function startMain(env: Record<string, string | undefined>): Promise<MainProcess> {
  const identity = (await identityProvider()).env;
  const base: Record<string, string | undefined> = { ...process.env };
  delete base.DATABASE_URL;
  delete base.REDIS_URL;
  delete base.JWT_SECRET;
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...base,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...identity,
      CONTACT_HASH_KEY: 'spawned-test-hub-contact-hash-key-of-32-bytes',
      // Spawned hubs of parallel test files never share rate limits on the machine's Redis.
      RATE_LIMIT_PREFIX: `test:${randomUUID()}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready at (http:\/\/[^\s"]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({
          child,
          url: match[1]!.replace('localhost', '127.0.0.1'),
          output: () => output,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited with ${code}:\n${output}`));
    });
  });
}
