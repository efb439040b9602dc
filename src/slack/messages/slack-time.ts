import { formatWhen, isSameLocalDay, type TimeStyle } from '../../domain/format-time';

/**
 * A time as Slack shows it to each reader: in the reader's own zone and clock (Slack's date
 * token), so one message never mixes zones. Clients that cannot render the token show the
 * fallback: the time in the incident's zone and TIME_FORMAT, with that zone named.
 */
export function slackTime(at: Date, style: TimeStyle, now: Date): string {
  const pattern = isSameLocalDay(at, now, style.timeZone) ? '{time}' : '{date_short} {time}';
  return `<!date^${Math.floor(at.getTime() / 1000)}^${pattern}|${formatWhen(at, style, now)} ${style.timeZone}>`;
}
