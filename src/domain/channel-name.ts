/** Slack's limit on a channel name. */
export const MAX_CHANNEL_NAME_LENGTH = 80;

/** How many numbered variants to try when a name is taken before giving up. */
export const MAX_CHANNEL_NAME_ATTEMPTS = 20;

/**
 * The slug of a title: lowercase ASCII letters, digits and single hyphens. Accents are dropped
 * ("Café" → "cafe"); anything else separates words.
 */
export function slugify(title: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/<[@#!][^<>]*>/g, ' ') // Slack mention tokens are noise in a channel name
      .replace(/&(amp|lt|gt);/g, ' ') // Slack's escaping of & < >, which separate words like any symbol
      .replace(/[^a-z0-9]+/g, '-')
      // Runs are single hyphens by now: trimming one at each end is enough, and stays linear.
      .replace(/^-|-$/g, '')
  );
}

/**
 * The channel name for attempt `attempt` (1-based): `inc-20240205-checkout-outage`, then
 * `…-2`, `…-3` when taken. `localDate` is the start date as `yyyyMMdd` and `localTime` the
 * declaration time as `HHmm`, both in the incident time zone; a title with no usable letters
 * becomes `inc-20240205-incident-1432`.
 */
export function channelName(localDate: string, title: string, localTime: string, attempt = 1, isPrivate = false): string {
  // A private incident's channel name says nothing of it: names show in places its title must not.
  const slug = (isPrivate ? '' : slugify(title)) || `${isPrivate ? 'private' : 'incident'}-${localTime}`;
  const suffix = attempt > 1 ? `-${attempt}` : '';
  const base = `inc-${localDate}-${slug}`.slice(0, MAX_CHANNEL_NAME_LENGTH - suffix.length).replace(/-$/, ''); // the slug has single hyphens, so a cut leaves at most one
  return base + suffix;
}
