/**
 * The floor for pages: a bare BullMQ queue and worker on the same Redis, with Hotwash's worker
 * concurrency, whose job is the least a pager does: post one message to Slack. JOBS delayed jobs
 * fall due at DUE_AT (ms since the epoch); it exits once every job has posted.
 */
import { webApi } from '@slack/bolt';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';

async function main(): Promise<void> {
  const jobs = Number(process.env.JOBS);
  const dueAt = Number(process.env.DUE_AT);
  const prefix = process.env.REDIS_PREFIX ?? 'floor';
  const connection = () => new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  const slack = new webApi.WebClient('xoxb-floor', { slackApiUrl: process.env.SLACK_API_URL });
  const queue = new Queue('floor', { connection: connection(), prefix });
  let done = 0;
  const finished = new Promise<void>((resolve) => {
    const worker = new Worker(
      'floor',
      async (job) => {
        await slack.chat.postMessage({ channel: String(job.data.channel), text: `:rotating_light: floor page ${job.data.n}` });
        done += 1;
        if (done === jobs) resolve();
      },
      { connection: connection(), prefix, concurrency: 100 },
    );
    worker.on('error', () => undefined);
  });
  await queue.addBulk(
    Array.from({ length: jobs }, (_, n) => ({
      name: 'page',
      data: { n, channel: `CFLOOR${n}` },
      opts: { jobId: `page-${n}`, delay: dueAt - Date.now(), removeOnComplete: true },
    })),
  );
  console.log('scheduled');
  await finished;
  await queue.obliterate({ force: true });
  process.exit(0);
}

void main();
