import type { Redis } from 'ioredis';

export interface ReplicaWaitOptions {
  /** How many replicas must hold a write before it is confirmed (REDIS_MIN_REPLICAS_ACK); 0 waits for none. */
  replicas: number;
  /** How long to wait for them (REDIS_WAIT_TIMEOUT_MS). */
  timeoutMs: number;
  /** Told when fewer replicas than asked confirmed in time: the write stands on the primary alone. */
  onShortfall?: (acknowledged: number) => void;
}

/**
 * Waits, after a write that a person will be told about, until enough replicas hold it (WAIT), so
 * that losing the primary does not lose what was confirmed. When they do not answer in time the
 * write is still confirmed (refusing would turn a lost replica into a full outage) and the
 * shortfall is reported.
 */
export async function waitForReplicas(redis: Redis, options: ReplicaWaitOptions | undefined): Promise<void> {
  if (!options || options.replicas <= 0) return;
  const acknowledged = await redis.wait(options.replicas, options.timeoutMs);
  if (acknowledged < options.replicas) options.onShortfall?.(acknowledged);
}
