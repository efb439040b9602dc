/**
 * The postmortem worker's entry (a worker thread of Hotwash, started by WorkerPostmortemCompiler).
 * It decodes a long incident's timeline and compiles its draft here, so that neither the work nor
 * the garbage it leaves behind holds up the thread that answers Slack.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadPostmortemTemplate } from '../config/postmortem-template-file';
import { warmUpPostmortem } from '../domain/postmortem/warm-up';
import { HotwashError } from '../errors';
import { decodeIncident } from '../store/redis-incident-store';
import { InThreadPostmortemCompiler } from './in-thread-postmortem-compiler';
import { type FromWorker, type ToWorker, toWorkerSchema, workerSettingsSchema } from './worker-messages';

const port = parentPort;
if (!port) throw new Error('postmortem-worker runs as a worker thread (see WorkerPostmortemCompiler)');

const settings = workerSettingsSchema.parse(workerData);
const template = loadPostmortemTemplate(settings.templatePath);
const compiler = new InThreadPostmortemCompiler({ ...settings, template });
/** The main thread could not have a job's names, and has failed the job itself. */
class JobDropped extends Error {}

// What each job waits for: the names it asked the main thread for.
const waitingForNames = new Map<number, { resolve: (names: Map<string, string>) => void; reject: (error: Error) => void }>();

const send = (message: FromWorker) => port.postMessage(message);

port.on('message', (message: unknown) => {
  const parsed = toWorkerSchema.safeParse(message);
  if (!parsed.success) throw new Error(`postmortem-worker: unexpected message: ${parsed.error.message}`);
  const received = parsed.data;
  if (received.kind === 'compile') void compile(received);
  else {
    const waiting = waitingForNames.get(received.id);
    waitingForNames.delete(received.id);
    if (received.kind === 'names') waiting?.resolve(new Map(received.names));
    else waiting?.reject(new JobDropped());
  }
});

async function compile({ id, incident: encoded, records, issues }: Extract<ToWorker, { kind: 'compile' }>): Promise<void> {
  try {
    const incident = decodeIncident(encoded, 'to compile');
    const compiled = await compiler.compile(
      { incident, records, ...(issues.length ? { issues: new Map(issues) } : {}) },
      (ids) =>
        new Promise((resolve, reject) => {
          waitingForNames.set(id, { resolve, reject });
          send({ kind: 'names', id, ids: [...ids] });
        }),
    );
    send({ kind: 'compiled', id, ...compiled });
  } catch (error) {
    // A dropped job's caller has had its answer already.
    if (error instanceof JobDropped) return;
    send({
      kind: 'failed',
      id,
      ...(error instanceof HotwashError ? { code: error.code } : {}),
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

// V8 compiles each function on its first call, Handlebars a template on its first render: done
// now, while the worker waits for its first job, rather than in it.
warmUpPostmortem(template, settings.timeZone, settings.hourCycle);
