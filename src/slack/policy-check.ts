import type { PolicyFile } from '../config/escalation-policy-file';
import { SEVERITIES } from '../domain/severity';
import { SlackCallError } from '../errors';
import type { SlackApi } from './slack-api';

/**
 * The user and user-group IDs of the policy file that Slack does not know, each with where it
 * is named, so that a typo is found at start-up rather than at 3 a.m. when nobody is paged.
 * IDs Slack could not be asked about (an outage) are not reported.
 */
export async function unknownPolicyIds(slack: SlackApi, policy: PolicyFile): Promise<string[]> {
  const places = new Map<string, string[]>();
  const note = (id: string, where: string) => places.set(id, [...(places.get(id) ?? []), where]);
  for (const severity of SEVERITIES) {
    policy.escalation[severity]?.levels.forEach((level, i) => {
      for (const id of level.notify) if (!id.startsWith('schedule:')) note(id, `severities.${severity}.levels[${i}]`);
    });
  }
  for (const schedule of policy.schedules) {
    for (const id of schedule.rotation.userIds) note(id, `schedules.${schedule.name}.rotation`);
    for (const o of schedule.overrides) note(o.userId, `schedules.${schedule.name}.overrides`);
  }
  if (places.size === 0) return [];
  const groups = [...places.keys()].some((id) => id.startsWith('S'))
    ? await slack
        .call('usergroups.list', (client) => client.usergroups.list())
        .then((listed) => new Set((listed.usergroups ?? []).map((g) => g.id)))
        .catch(() => undefined)
    : new Set<string>();
  const unknown: string[] = [];
  for (const [id, where] of places) {
    let known = true;
    if (id.startsWith('S')) known = groups === undefined || groups.has(id);
    else {
      known = await slack
        .call('users.info', (client) => client.users.info({ user: id }))
        .then(
          () => true,
          (error: unknown) => !(error instanceof SlackCallError && error.slackError === 'user_not_found'),
        );
    }
    if (!known) unknown.push(`${id} (${[...new Set(where)].join(', ')})`);
  }
  return unknown;
}
