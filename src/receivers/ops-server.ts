import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { boundPort } from './bound-port';

export interface OpsRoute {
  path: string;
  method: string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * The HTTP server for `/healthz` and `/metrics` in Socket Mode, where Slack's traffic arrives
 * over a WebSocket and Bolt serves no HTTP. (In HTTP mode the same routes ride on Bolt's server.)
 */
export class OpsServer {
  private readonly server: Server;

  constructor(routes: readonly OpsRoute[]) {
    this.server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      const route = routes.find((r) => r.path === path && r.method.includes(req.method ?? 'GET'));
      if (route) return route.handler(req, res);
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found\n');
    });
  }

  /** Listens on `port` (0: any free port) and resolves with the port bound. */
  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, () => {
        this.server.off('error', reject);
        resolve(boundPort(this.server));
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
