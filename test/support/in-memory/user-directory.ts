import type { UserDirectory } from '../../../src/ports/user-directory';

/** Display names from a fixed map; unknown ids are absent, as with Slack. */
export class InMemoryUserDirectory implements UserDirectory {
  constructor(readonly known: Map<string, string> = new Map()) {}

  readonly emails = new Map<string, string>();

  async emailOf(userId: string): Promise<string | undefined> {
    return this.emails.get(userId);
  }

  async names(userIds: readonly string[]): Promise<Map<string, string>> {
    return new Map(userIds.flatMap((id) => (this.known.has(id) ? [[id, this.known.get(id)!] as const] : [])));
  }
}
