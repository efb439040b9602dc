/** Looks up people's display names. The Slack adapter implements it; unknown IDs are simply absent. */
export interface UserDirectory {
  names(userIds: readonly string[]): Promise<Map<string, string>>;
  /** A person's e-mail address, when the directory shows it (to find them in a tracker). */
  emailOf(userId: string): Promise<string | undefined>;
}
