import net from 'node:net';

/**
 * A TCP relay to the machine's Redis that the test can break: `cut()` drops every connection and refuses
 * new ones (Redis is down); `freeze()` keeps every connection open but passes nothing either way, and holds
 * new ones the same (Redis stopped answering: a dropped route, a hung server).
 */
export async function redisRelay(
  target: URL,
): Promise<{ url: string; cut(): Promise<void>; freeze(): void; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let frozen = false;
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  };
  const server = net.createServer((inbound) => {
    track(inbound);
    if (frozen) return inbound.pause();
    const outbound = net.connect(Number(target.port || 6379), target.hostname);
    track(outbound);
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }).then(() => {
      for (const s of sockets) s.destroy();
    });
  return {
    url: `redis://127.0.0.1:${port}`,
    cut: close,
    freeze: () => {
      frozen = true;
      for (const s of sockets) {
        s.unpipe();
        s.pause();
      }
    },
    close,
  };
}
