import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorruptRecordError } from '../../src/errors';
import { InThreadPostmortemCompiler } from '../../src/postmortem-compiler/in-thread-postmortem-compiler';
import { WorkerPostmortemCompiler } from '../../src/postmortem-compiler/worker-postmortem-compiler';
import type { PostmortemJob } from '../../src/ports/postmortem-compiler';
import { SLACK_POSTMORTEM_PLACEHOLDERS } from '../../src/slack/messages/postmortem-placeholders';
import { encodeTimelineRecord, TIMELINE_RECORD_SEPARATOR } from '../../src/store/redis-incident-store';
import { longIncident } from '../support/long-incident';
import { buildOnce, root } from '../support/processes';

/** The worker's script as built: the thread runs what production runs. */
const SCRIPT = join(root, 'dist', 'postmortem-compiler', 'postmortem-worker.js');
const style = { timeZone: 'Europe/Berlin', hourCycle: '24h' as const, placeholders: SLACK_POSTMORTEM_PLACEHOLDERS };
const names = new Map(Array.from({ length: 25 }, (_, i) => [`U${String(i).padStart(8, '0')}`, `Person ${i}`]));

function jobOf(count: number): PostmortemJob {
  const { incident, entries } = longIncident(count);
  return {
    incident,
    records: entries.map(encodeTimelineRecord).join(TIMELINE_RECORD_SEPARATOR),
    issues: new Map([[45, { key: 'OPS-1', url: 'https://tracker.example/OPS-1' }]]),
  };
}

/** Whether `compiler`'s worker stops within 5 s (its idle limit here is 300 ms), checked every 20 ms. */
async function stopped(compiler: WorkerPostmortemCompiler): Promise<boolean> {
  for (const deadline = Date.now() + 5_000; Date.now() < deadline; ) {
    if (!compiler.started) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return !compiler.started;
}

describe('WorkerPostmortemCompiler', () => {
  let compiler: WorkerPostmortemCompiler;
  beforeAll(async () => buildOnce(), 120_000);
  beforeEach(() => {
    compiler = new WorkerPostmortemCompiler(style, { script: SCRIPT, idleMs: 300 });
  });
  afterEach(async () => compiler.close());

  test('compiles the same bytes as on the calling thread, asking for the names of the people in it once', async () => {
    const job = jobOf(2_000);
    const asked: (readonly string[])[] = [];
    const namesOf = async (ids: readonly string[]) => {
      asked.push(ids);
      return names;
    };
    const inWorker = await compiler.compile(job, namesOf);
    const inThread = await new InThreadPostmortemCompiler(style).compile(job, async () => names);
    expect(inWorker.markdown).toBe(inThread.markdown);
    expect(inWorker.outline).toEqual(inThread.outline);
    expect(inWorker.markdown).toContain('Person 3: Note');
    expect(inWorker.markdown).toContain('[OPS-1](https://tracker.example/OPS-1)');
    expect(asked).toHaveLength(1);
    expect(new Set(asked[0])).toEqual(new Set(names.keys()));
  });

  test('drafts asked for together each get their own', async () => {
    const jobs = [jobOf(300), jobOf(600), jobOf(900)];
    const compiled = await Promise.all(jobs.map((job) => compiler.compile(job, async () => names)));
    expect(compiled.map((c) => c.markdown.match(/^- /gm)?.length)).toEqual(
      await Promise.all(jobs.map(async (job) => (await new InThreadPostmortemCompiler(style).compile(job, async () => names)).markdown.match(/^- /gm)?.length)),
    );
  });

  test('a record that does not decode fails the draft as a corrupt record, and the worker goes on', async () => {
    const job = jobOf(10);
    await expect(compiler.compile({ ...job, records: `${job.records}${TIMELINE_RECORD_SEPARATOR}{"kind":"note"` }, async () => names)).rejects.toThrow(
      CorruptRecordError,
    );
    await expect(compiler.compile(job, async () => names)).resolves.toMatchObject({ outline: { missing: ['impact', 'root cause', 'resolution'] } });
  });

  test('names that cannot be had fail the draft with that error, and the worker goes on', async () => {
    const job = jobOf(10);
    await expect(compiler.compile(job, async () => Promise.reject(new Error('users.info: ratelimited')))).rejects.toThrow('users.info: ratelimited');
    await expect(compiler.compile(job, async () => names)).resolves.toHaveProperty('markdown');
  });

  test('an idle worker stops, and the next draft starts another', async () => {
    await compiler.compile(jobOf(10), async () => names);
    expect(compiler.started).toBe(true);
    expect(await stopped(compiler)).toBe(true);
    await expect(compiler.compile(jobOf(10), async () => names)).resolves.toHaveProperty('markdown');
  });

  test('a worker that cannot start fails the draft, and leaves nothing waiting', async () => {
    const missing = new WorkerPostmortemCompiler(style, { script: join(tmpdir(), `hotwash-no-such-worker-${process.pid}.js`) });
    await expect(missing.compile(jobOf(10), async () => names)).rejects.toThrow();
    expect(missing.started).toBe(false);
    await missing.close();
  });

  test('a worker that dies fails the drafts it had, and says how it ended', async () => {
    const script = join(tmpdir(), `hotwash-dying-worker-${process.pid}.js`);
    writeFileSync(script, 'process.exit(3);\n');
    const dying = new WorkerPostmortemCompiler(style, { script });
    await expect(dying.compile(jobOf(10), async () => names)).rejects.toThrow('The postmortem worker stopped (exit code 3).');
    await dying.close();
  });
});
