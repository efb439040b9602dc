/**
 * At most one run per key at a time, and the last value wins: a run asked for while one is in
 * flight waits for it, then a single run serves every value that arrived meanwhile with the
 * newest of them. Each caller's promise settles with the run that covered its value. Used where
 * only the end state matters, such as rewriting a pinned message after a burst of changes.
 */
export class LatestWins<T> {
  private readonly slots = new Map<string, { running: Promise<void>; queued?: Queued<T> }>();

  constructor(
    private readonly work: (value: T) => Promise<void>,
    /** Whether `a` is at least as new as `b` (the older one is dropped). */
    private readonly newer: (a: T, b: T) => boolean = () => true,
  ) {}

  run(key: string, value: T): Promise<void> {
    const slot = this.slots.get(key);
    if (!slot) return this.start(key, value);
    if (slot.queued) {
      if (this.newer(value, slot.queued.value)) slot.queued.value = value;
      return slot.queued.done;
    }
    let settle!: { resolve: () => void; reject: (error: unknown) => void };
    const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    slot.queued = { value, done, ...settle };
    return done;
  }

  private start(key: string, value: T): Promise<void> {
    const running = this.work(value).finally(() => {
      const slot = this.slots.get(key)!;
      const queued = slot.queued;
      this.slots.delete(key);
      if (queued) this.start(key, queued.value).then(queued.resolve, queued.reject);
    });
    this.slots.set(key, { running: running.catch(() => undefined) });
    return running;
  }
}

interface Queued<T> {
  value: T;
  done: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}
