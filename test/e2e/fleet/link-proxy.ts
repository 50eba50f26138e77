import { createServer, connect, type Server, type Socket } from 'node:net';

import { freePort } from '../../support/services';

/**
 * A TCP relay between agents and the server on loopback (TLS passes through untouched), so a test
 * can cut the network between them and restore it without restarting either side.
 */
export interface LinkProxy {
  url: string;
  /** Drops every open connection and refuses new ones. */
  down(): void;
  up(): void;
  /** Sends new connections to another server port (a restarted server). */
  retarget(port: number): void;
  close(): Promise<void>;
}

export async function startLinkProxy(targetPort: number): Promise<LinkProxy> {
  const port = await freePort();
  const open = new Set<Socket>();
  let isUp = true;
  let target = targetPort;
  const server: Server = createServer((client) => {
    if (!isUp) {
      client.destroy();
      return;
    }
    const upstream = connect(target, '127.0.0.1');
    open.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${port}`,
    down() {
      isUp = false;
      for (const s of open) s.destroy();
      open.clear();
    },
    up() {
      isUp = true;
    },
    retarget(port) {
      target = port;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
