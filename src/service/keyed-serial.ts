/**
 * Runs tasks with the same key one after another, and tasks with different keys side by side.
 * Many people writing to one incident at once would otherwise each read the same version and all
 * but one retry their compare-and-set; in line, each reads the version the one before wrote.
 */
export class KeyedSerial {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const result = before.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    // The last task of a key removes the key, so the map does not grow with every incident ever seen.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
