import { Server } from 'node:http';
import { boundPort } from './bound-port';
import { HTTPReceiver, SocketModeReceiver, type App, type Logger as BoltLogger, type Receiver } from '@slack/bolt';
import type { HealthCheck } from '../http/health-route';
import type { Logger } from '../observability/logger';
import { guardSlackEnvelopes } from './envelope-guard';
import { OpsServer, type OpsRoute } from './ops-server';

/**
 * How Slack's traffic reaches Hotwash, and where /healthz and /metrics are served:
 * - HTTP: Slack POSTs to /slack/events (signed with the signing secret); the ops routes ride on
 *   the same server.
 * - Socket Mode: Hotwash holds a WebSocket to Slack (app-level token); an OpsServer of its own
 *   serves the ops routes on PORT, and /healthz also reports the WebSocket.
 */
export interface SlackTransport {
  mode: 'http' | 'socket-mode';
  receiver: Receiver;
  /** A health check of the transport itself, when it has a connection to lose. */
  health?: HealthCheck;
  /** Starts serving after `app.start`; resolves with the port bound for HTTP. */
  start(app: App, port: number): Promise<number>;
  /** Closes what start() opened besides the app (the ops server). */
  close(): Promise<void>;
}

export interface TransportOptions {
  signingSecret?: string;
  appToken?: string;
  slackApiUrl: string;
  opsRoutes: OpsRoute[];
  boltLogger: BoltLogger;
  logger: Logger;
  /** Told of the HTTP server Slack's requests arrive on, once it listens (HTTP mode only). */
  onServer?: (server: Server) => void;
}

export function createSlackTransport(options: TransportOptions): SlackTransport {
  return options.appToken ? socketModeTransport(options.appToken, options) : httpTransport(options);
}

function httpTransport({ signingSecret, opsRoutes, boltLogger, onServer }: TransportOptions): SlackTransport {
  guardSlackEnvelopes();
  const receiver = new HTTPReceiver({ signingSecret: signingSecret!, endpoints: '/slack/events', customRoutes: opsRoutes, logger: boltLogger });
  return {
    mode: 'http',
    receiver,
    async start(app, port) {
      const server = await app.start(port);
      if (!(server instanceof Server)) throw new Error('Bolt did not start an HTTP server');
      onServer?.(server);
      return boundPort(server);
    },
    close: async () => undefined,
  };
}

function socketModeTransport(appToken: string, { slackApiUrl, opsRoutes, boltLogger, logger }: TransportOptions): SlackTransport {
  const receiver = new SocketModeReceiver({
    appToken,
    logger: boltLogger,
    // The WebSocket URL comes from apps.connections.open on the same API as every other call.
    installerOptions: { clientOptions: { slackApiUrl } },
  });
  const opsServer = new OpsServer(opsRoutes);
  return {
    mode: 'socket-mode',
    receiver,
    health: { name: 'slack', check: socketConnectionCheck(receiver, logger) },
    async start(app, port) {
      const bound = await opsServer.listen(port);
      await app.start();
      return bound;
    },
    close: () => opsServer.close(),
  };
}

/**
 * In Socket Mode, Slack's traffic comes over one WebSocket: while it is down (Slack recycles it
 * now and then; the client reconnects by itself) Hotwash hears nothing, and /healthz says so.
 */
function socketConnectionCheck(receiver: SocketModeReceiver, logger: Logger): () => Promise<void> {
  let connected = false;
  receiver.client.on('connected', () => {
    if (!connected) logger.info('Socket Mode connection open');
    connected = true;
  });
  for (const state of ['reconnecting', 'disconnected']) {
    receiver.client.on(state, () => {
      if (connected) logger.warn(`Socket Mode connection ${state}`);
      connected = false;
    });
  }
  return async () => {
    if (!connected) throw new Error('the Socket Mode connection is down');
  };
}
