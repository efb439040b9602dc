import type { ServerResponse } from 'node:http';

export interface HealthCheck {
  name: string;
  check(): Promise<void>;
}

/**
 * `GET /healthz`: 200 when every dependency answers, 503 naming the ones that do not. `details`
 * adds what an operator wants to see but that does not make Hotwash unhealthy (a delivery
 * backlog while Slack is down: Hotwash is fine, Slack is not).
 */
export function healthRoute(checks: readonly HealthCheck[], details?: () => Promise<Record<string, unknown>>) {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req: unknown, res: ServerResponse): void => {
      void Promise.all([
        Promise.all(
          checks.map(async ({ name, check }) => {
            try {
              await check();
              return [name, 'ok'] as const;
            } catch {
              return [name, 'unavailable'] as const;
            }
          }),
        ),
        details ? details().catch(() => ({})) : Promise.resolve({}),
      ]).then(([results, extra]) => {
        const healthy = results.every(([, state]) => state === 'ok');
        res.writeHead(healthy ? 200 : 503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        res.end(JSON.stringify({ status: healthy ? 'ok' : 'unavailable', ...Object.fromEntries(results), ...extra }));
      });
    },
  };
}
