import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CorruptRecordError } from '../errors';
import type { CompiledPostmortem, NamesOf, PostmortemCompiler, PostmortemJob } from '../ports/postmortem-compiler';
import { encodeIncident } from '../store/redis-incident-store';
import { type FromWorker, fromWorkerSchema, type ToWorker, type WorkerSettings } from './worker-messages';

/** The worker's script, built beside this file (dist/); absent when Hotwash runs from its TypeScript source. */
export const POSTMORTEM_WORKER_SCRIPT = join(__dirname, 'postmortem-worker.js');

/**
 * A worker with nothing to do for this long is stopped, and its memory given back (about 30 MB
 * resident); the next draft starts another, which costs that draft about 300 ms on its own
 * thread. Drafts come at closes and on request: after a storm of closes, the worker's heap is
 * what stood between Hotwash and 150 MB.
 */
export const WORKER_IDLE_MS = 5_000;

/**
 * The worker's young generation may grow to 128 MB (semi-spaces of about 43 MB; V8's default is
 * 16): a draft of 10,000 entries, decoded and then compiled, allocates more than a semi-space of
 * 32 MB holds, and each young collection in it copies what the draft keeps alive (5-12 ms each).
 * Over 35 drafts in a row (bench/programs/compile-postmortem.ts): 71 young collections with 96 MB,
 * 48 with 128; decoding and compiling a draft took 66-72 ms with 96 MB and 43-48 ms with 128
 * (192 and 256 MB were no quicker). The worker's heap is given back when it stops,
 * WORKER_IDLE_MS after the last draft: the memory figure read the same with either.
 */
export const POSTMORTEM_WORKER_LIMITS = { maxYoungGenerationSizeMb: 128 };

interface Job {
  resolve: (compiled: CompiledPostmortem) => void;
  reject: (error: Error) => void;
  namesOf: NamesOf;
}

/**
 * Compiles drafts in a worker thread (postmortem-worker.ts). The main thread only reads the
 * records from Redis, hands them over in one string, answers the worker's question of names
 * and takes the Markdown back: a 10,000-entry incident's decoding, compiling and collecting no
 * longer come between Slack's requests. The worker starts with the first draft and stops after
 * WORKER_IDLE_MS without one, so an idle Hotwash keeps no second heap.
 */
export class WorkerPostmortemCompiler implements PostmortemCompiler {
  private worker: Worker | undefined;
  private readonly jobs = new Map<number, Job>();
  private lastId = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly settings: WorkerSettings,
    private readonly options: { script?: string; idleMs?: number } = {},
  ) {}

  /** Whether the worker's script is there to run (it is once built). */
  static available(script = POSTMORTEM_WORKER_SCRIPT): boolean {
    return existsSync(script);
  }

  compile({ incident, records, issues }: PostmortemJob, namesOf: NamesOf): Promise<CompiledPostmortem> {
    return new Promise((resolve, reject) => {
      this.lastId += 1;
      const id = this.lastId;
      this.jobs.set(id, { resolve, reject, namesOf });
      clearTimeout(this.idleTimer);
      try {
        this.post({ kind: 'compile', id, incident: encodeIncident(incident), records, issues: [...(issues ?? new Map())] });
      } catch (error) {
        // No worker could be started: this draft fails, and none is left waiting.
        this.settle(id, () => reject(error instanceof Error ? error : new Error(String(error))));
      }
    });
  }

  /** Whether a worker thread is up (one is only while drafts come). */
  get started(): boolean {
    return this.worker !== undefined;
  }

  /** Stops the worker; drafts still being compiled fail. */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new Error('Hotwash is stopping: the postmortem draft was not compiled.'));
    await worker?.terminate();
  }

  private post(message: ToWorker): void {
    this.running().postMessage(message);
  }

  private running(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.options.script ?? POSTMORTEM_WORKER_SCRIPT, { workerData: this.settings, resourceLimits: POSTMORTEM_WORKER_LIMITS });
    // Drafts under way keep Hotwash busy anyway; an idle worker must not keep the process up.
    worker.unref();
    worker.on('message', (message: unknown) => this.received(message));
    worker.on('error', (error) => this.stopped(worker, error));
    worker.on('exit', (code) => this.stopped(worker, new Error(`The postmortem worker stopped (exit code ${code}).`)));
    this.worker = worker;
    return worker;
  }

  private received(message: unknown): void {
    const parsed = fromWorkerSchema.safeParse(message);
    if (!parsed.success) {
      this.failAll(new Error(`The postmortem worker sent an unexpected message: ${parsed.error.message}`));
      return;
    }
    const received: FromWorker = parsed.data;
    const job = this.jobs.get(received.id);
    if (!job) return;
    if (received.kind === 'names') {
      job.namesOf(received.ids).then(
        // Only to the worker still compiling it: one that died meanwhile has failed the draft.
        (names) => this.jobs.has(received.id) && this.post({ kind: 'names', id: received.id, names: [...names] }),
        (error: unknown) => {
          if (!this.jobs.has(received.id)) return;
          this.post({ kind: 'drop', id: received.id });
          this.settle(received.id, () => job.reject(error instanceof Error ? error : new Error(String(error))));
        },
      );
    } else if (received.kind === 'compiled') {
      this.settle(received.id, () => job.resolve({ markdown: received.markdown, outline: received.outline }));
    } else {
      const error = received.code === 'corrupt_record' ? new CorruptRecordError(received.message) : new Error(received.message);
      this.settle(received.id, () => job.reject(error));
    }
  }

  private settle(id: number, answer: () => void): void {
    this.jobs.delete(id);
    answer();
    if (this.jobs.size === 0) {
      this.idleTimer = setTimeout(() => void this.close(), this.options.idleMs ?? WORKER_IDLE_MS);
      this.idleTimer.unref();
    }
  }

  /** A worker that failed or exited takes its jobs with it; the next draft starts a new one. */
  private stopped(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.failAll(error);
  }

  private failAll(error: Error): void {
    const jobs = [...this.jobs.values()];
    this.jobs.clear();
    for (const job of jobs) job.reject(error);
  }
}
