import { messageOf, StorageUnavailableError } from '../errors';

/** Runs a Redis operation; any failure becomes the one error the user-facing layer explains. */
export async function storageCall<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof StorageUnavailableError) throw error;
    throw new StorageUnavailableError(`Redis is unavailable: ${messageOf(error)}`, { cause: error });
  }
}
