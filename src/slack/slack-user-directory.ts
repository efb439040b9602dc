import type { SlackApi } from './slack-api';
import type { UserDirectory } from '../ports/user-directory';

interface CachedName {
  name: string;
  expiresAt: number;
}

/**
 * Display names from `users.info`, and user groups (S…) as their `@handle` from `usergroups.list`,
 * cached for an hour: a postmortem names the same people again and again. A lookup that fails
 * leaves the ID in place rather than failing the draft.
 */
export class SlackUserDirectory implements UserDirectory {
  private readonly cache = new Map<string, CachedName>();
  private groups?: { handles: Promise<Map<string, string>>; expiresAt: number };

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
    if (id.startsWith('S')) return (await this.groupHandles()).get(id);
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

  async emailOf(userId: string): Promise<string | undefined> {
    try {
      const { user } = await this.slack.call('users.info', (client) => client.users.info({ user: userId }));
      return user?.profile?.email || undefined;
    } catch {
      return undefined;
    }
  }

  /** One `usergroups.list` call names every group; shared by the lookups of one draft. */
  private groupHandles(): Promise<Map<string, string>> {
    if (!this.groups || this.groups.expiresAt <= this.now()) {
      const handles = this.slack
        .call('usergroups.list', (client) => client.usergroups.list())
        .then(({ usergroups = [] }) => new Map(usergroups.flatMap((g) => (g.id && (g.handle || g.name) ? [[g.id, `@${g.handle || g.name}`] as const] : []))))
        .catch(() => new Map<string, string>());
      this.groups = { handles, expiresAt: this.now() + this.ttlMs };
    }
    return this.groups.handles;
  }
}
