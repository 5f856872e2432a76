import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { createDatabase } from '../support/db';
import { startMain } from '../support/spawn';

const DIST = path.join(__dirname, '..', '..', 'dist', 'src');

describe('process lifecycle', () => {
  it('logs an unhandled promise rejection and keeps running', async () => {
    // The hub's own handlers in a process of their own, with a rejection nobody handles.
    const script = `
      const { installProcessHandlers } = require(${JSON.stringify(path.join(DIST, 'process-handlers.js'))});
      const { createLogger } = require(${JSON.stringify(path.join(DIST, 'core', 'logger.js'))});
      installProcessHandlers(process, createLogger({ logLevel: 'info' }), () => process.exit(3));
      Promise.reject(new Error('nobody caught this'));
      setTimeout(() => { console.log('still serving'); process.exit(0); }, 300);
    `;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining('still serving') });
    expect(output).toMatch(/"level":50.*unhandled promise rejection/);
  });

  it('on SIGTERM, waits the drain grace for a request in flight, then still closes cleanly (exit 0)', async () => {
    const hub = await startMain({ DATABASE_URL: await createDatabase(), SHUTDOWN_GRACE_MS: '1500' });
    const { port } = new URL(hub.url);
    // A request whose body never completes: in flight until the drain gives up on it.
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.on('error', () => undefined);
    socket.write(
      'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"query":',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    const code = await hub.stop();
    expect(code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(hub.output()).not.toMatch(/shutdown took too long/);
    socket.destroy();
  }, 60_000);
});
