import { z } from 'zod';

/**
 * What the postmortem worker and Hotwash's main thread tell each other, checked with zod on
 * arrival like any other boundary. Everything is plain data: the incident goes as the store
 * encodes it, and so does the timeline (a StoredTimeline: one string, copied in one piece).
 */

/** What starts a worker: how its drafts look. */
export const workerSettingsSchema = z.object({
  timeZone: z.string(),
  hourCycle: z.enum(['12h', '24h']).optional(),
  placeholders: z.object({ impact: z.string(), rootCause: z.string(), resolution: z.string(), fixes: z.string(), tasks: z.string() }).optional(),
  /** POSTMORTEM_TEMPLATE, already checked by the main thread at start-up; the default template when absent. */
  templatePath: z.string().optional(),
});
export type WorkerSettings = z.infer<typeof workerSettingsSchema>;

/** Main thread → worker. */
export const toWorkerSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('compile'),
    id: z.number(),
    incident: z.string(),
    records: z.string(),
    issues: z.array(z.tuple([z.number(), z.object({ key: z.string(), url: z.string() })])),
  }),
  /** The names a job asked for. */
  z.object({ kind: z.literal('names'), id: z.number(), names: z.array(z.tuple([z.string(), z.string()])) }),
  /** The names could not be had: the main thread has failed the job, and the worker forgets it. */
  z.object({ kind: z.literal('drop'), id: z.number() }),
]);
export type ToWorker = z.infer<typeof toWorkerSchema>;

/** Worker → main thread. */
export const fromWorkerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('names'), id: z.number(), ids: z.array(z.string()) }),
  z.object({
    kind: z.literal('compiled'),
    id: z.number(),
    markdown: z.string(),
    outline: z.object({
      summary: z.object({
        duration: z.string(),
        length: z.string().optional(),
        ongoing: z.boolean(),
        impact: z.string(),
        rootCause: z.string(),
        resolution: z.string(),
      }),
      missing: z.array(z.string()),
    }),
  }),
  /** `code`: a HotwashError's code (a corrupt record), so the main thread raises the same error. */
  z.object({ kind: z.literal('failed'), id: z.number(), code: z.string().optional(), message: z.string() }),
]);
export type FromWorker = z.infer<typeof fromWorkerSchema>;
