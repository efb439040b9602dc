import type { AddressInfo } from 'node:net';

/** The TCP port a listening server is bound to (the one the OS chose, for port 0). */
export function boundPort(server: { address(): AddressInfo | string | null }): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the server is not listening on a TCP port');
  return address.port;
}
