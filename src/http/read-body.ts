import type { IncomingMessage } from 'node:http';

/** A request body over its limit: answered 413 (or 400), and read no further. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the request body is over ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * A request's whole body, refused as soon as it is known to be over `limit` bytes: from its
 * Content-Length before reading, or while reading one that lied or had none.
 */
export async function readBody(req: IncomingMessage, limit = Number.POSITIVE_INFINITY): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > limit) throw new BodyTooLargeError(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
