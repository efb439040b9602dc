import { z } from 'zod';
import { CorruptRecordError } from '../errors';

/** A value as Redis keeps it: encoded by its stored schema (instants as ISO strings), as JSON. */
export function encodeJson<S extends z.ZodType>(schema: S, value: z.output<S>): string {
  return JSON.stringify(z.encode(schema, value));
}

/**
 * A value read back from Redis, checked by its stored schema. Anything else is a bug or a hand
 * edit, never an outage: CorruptRecordError, naming `what`.
 */
export function decodeJson<S extends z.ZodType>(schema: S, json: string, what: string): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new CorruptRecordError(`${what} in storage is not JSON.`);
  }
  // The cast only satisfies the signature: safeDecode checks the shape at run time.
  const parsed = schema.safeDecode(raw as z.input<S>);
  if (!parsed.success) throw new CorruptRecordError(`${what} in storage is malformed: ${parsed.error.message}`);
  return parsed.data;
}
