import type { SlackApi } from './slack-api';
import type { UserDirectory } from '../ports/user-directory';

interface CachedName {
  name: string;
  expiresAt: number;
}

/**
 * Display names from `users.info`, cached for an hour: a postmortem names the same people
 * again and again. A lookup that fails leaves the ID in place rather than failing the draft.
 */
export class SlackUserDirectory implements UserDirectory {
  private readonly cache = new Map<string, CachedName>();

  constructor(
    private readonly slack: SlackApi,
    private readonly ttlMs = 60 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  async names(userIds: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    await Promise.all(
      [...new Set(userIds)].map(async (id) => {
        const name = await this.nameOf(id);
        if (name) found.set(id, name);
      }),
    );
    return found;
  }

  private async nameOf(id: string): Promise<string | undefined> {
    const cached = this.cache.get(id);
    if (cached && cached.expiresAt > this.now()) return cached.name;
    try {
      const { user } = await this.slack.call('users.info', (client) => client.users.info({ user: id }));
      const name = user?.profile?.display_name || user?.profile?.real_name || user?.real_name || user?.name;
      if (name) this.cache.set(id, { name, expiresAt: this.now() + this.ttlMs });
      return name;
    } catch {
      return cached?.name;
    }
  }
}
