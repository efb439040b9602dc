import { isRedisUnreachable, OutageLog } from '../../src/observability/outage-log';
import { StorageUnavailableError } from '../../src/errors';
import { RecordingLogger } from '../support/test-app';

describe('OutageLog', () => {
  test('one warning when the outage starts, a summary while it lasts, one line when it ends', async () => {
    const log = new RecordingLogger();
    const outage = new OutageLog(log.logger, 40);
    for (let i = 0; i < 20; i += 1) outage.report(i % 2 ? 'queue connection' : 'store connection', new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    await new Promise((r) => setTimeout(r, 100));
    outage.recovered('store connection');
    outage.recovered('queue connection'); // already told
    const lines = log.lines.map((l) => [l.level, l.msg.replace(/\d+ s/, 'N s')]);
    expect(lines[0]).toEqual(['warn', 'Redis is unreachable (store connection): connect ECONNREFUSED 127.0.0.1:6379']);
    expect(lines.slice(1, -1).every(([level, msg]) => level === 'warn' && /^Redis still unreachable after N s \(20 errors so far\)$/.test(msg!))).toBe(true);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.at(-1)).toEqual(['info', 'Redis is reachable again after N s (20 errors meanwhile)']);
    outage.stop();
  });

  test('tells Redis being out of reach from other failures', () => {
    expect(isRedisUnreachable(new StorageUnavailableError('Redis is unavailable'))).toBe(true);
    expect(isRedisUnreachable(new Error('Connection is closed.'))).toBe(true);
    expect(isRedisUnreachable(new Error('Missing lock for job 12'))).toBe(false);
  });
});
