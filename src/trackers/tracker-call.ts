import { messageOf, TrackerCallError } from '../errors';

/** The HTTP status a tracker client's error carries: Octokit and jira.js put it on the error, axios on its response. */
function statusOf(error: unknown): number {
  if (typeof error !== 'object' || error === null) return 0;
  if ('status' in error && typeof error.status === 'number') return error.status;
  if ('response' in error && typeof error.response === 'object' && error.response !== null && 'status' in error.response) {
    return typeof error.response.status === 'number' ? error.response.status : 0;
  }
  return 0;
}

/** Runs a call to `tracker`; a failure becomes TrackerCallError with the tracker's status (0: unreachable). */
export async function trackerCall<T>(tracker: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw new TrackerCallError(tracker, statusOf(error), messageOf(error), { cause: error });
  }
}
