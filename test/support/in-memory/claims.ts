/** Claims in memory, as SET NX gives them in Redis: the first claim of a key wins until it is released. */
export class InMemoryClaims {
  readonly claimed = new Set<string>();

  async claim(key: string): Promise<boolean> {
    if (this.claimed.has(key)) return false;
    this.claimed.add(key);
    return true;
  }

  async release(key: string): Promise<void> {
    this.claimed.delete(key);
  }
}
