import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

import { PortProbe } from './port-probe';

/** Binds and releases at once: EADDRINUSE means a host process holds the port. */
export class LinuxPortProbe extends PortProbe {
  isFree(proto: string, hostIp: string, port: number): Promise<boolean> {
    const host = hostIp === '' ? '0.0.0.0' : hostIp;
    return new Promise((resolve) => {
      if (proto === 'udp') {
        const socket = createSocket('udp4');
        socket.once('error', () => resolve(false));
        socket.bind(port, host, () => socket.close(() => resolve(true)));
        return;
      }
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
    });
  }
}
