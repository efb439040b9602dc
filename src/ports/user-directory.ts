/** Looks up people's display names. The Slack adapter implements it; unknown IDs are simply absent. */
export interface UserDirectory {
  names(userIds: readonly string[]): Promise<Map<string, string>>;
}
