import { CorruptRecordError, messageOf, StorageUnavailableError, StorageUnconfirmedError } from '../errors';

export interface StorageCallOptions {
  /** Told of every Redis failure (for the error counter); the failure is still thrown. */
  onUnavailable?: (error: StorageUnavailableError) => void;
  /** A command sent and not answered in time may have been written: say so, rather than "nothing was saved". */
  unconfirmedOnTimeout?: boolean;
}

/**
 * Runs a Redis operation; any failure becomes the one error the user-facing layer explains.
 * Stored data that does not parse is a bug, not an outage, and passes through as it is.
 */
export async function storageCall<T>(operation: () => Promise<T>, options: StorageCallOptions = {}): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof CorruptRecordError) throw error;
    if (options.unconfirmedOnTimeout && error instanceof Error && error.message === 'Command timed out') throw new StorageUnconfirmedError();
    const unavailable =
      error instanceof StorageUnavailableError ? error : new StorageUnavailableError(`Redis is unavailable: ${messageOf(error)}`, { cause: error });
    options.onUnavailable?.(unavailable);
    throw unavailable;
  }
}
