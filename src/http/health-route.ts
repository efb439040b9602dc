import type { ServerResponse } from 'node:http';

export interface HealthCheck {
  name: string;
  check(): Promise<void>;
}

/** `GET /healthz`: 200 when every dependency answers, 503 naming the ones that do not. */
export function healthRoute(checks: readonly HealthCheck[]) {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req: unknown, res: ServerResponse): void => {
      void Promise.all(
        checks.map(async ({ name, check }) => {
          try {
            await check();
            return [name, 'ok'] as const;
          } catch {
            return [name, 'unavailable'] as const;
          }
        }),
      ).then((results) => {
        const healthy = results.every(([, state]) => state === 'ok');
        res.writeHead(healthy ? 200 : 503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        res.end(JSON.stringify({ status: healthy ? 'ok' : 'unavailable', ...Object.fromEntries(results) }));
      });
    },
  };
}
