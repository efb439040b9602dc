/**
 * Makes text people typed safe to post back as Slack mrkdwn. User mentions and channel links
 * stay; broadcast and user-group mentions (`<!channel>`, `<!here>`, `<!everyone>`,
 * `<!subteam^…>`) become inert text, so nothing typed into Hotwash makes it ping a crowd.
 * Stray `<`, `>` and `&` are escaped, so no unescaped markup gets through either.
 */
export function safeMrkdwn(text: string): string {
  return text
    .replace(/<([^<>]*)>|[<>]|&(?!(?:amp|lt|gt);)/g, (match, inner: string | undefined) => {
      if (inner === undefined) return match === '<' ? '&lt;' : match === '>' ? '&gt;' : '&amp;';
      if (/^@[UW][A-Z0-9]+(\|[^|]*)?$/.test(inner)) return match;
      if (/^#[CG][A-Z0-9]+(\|[^|]*)?$/.test(inner)) return match;
      if (/^(https?:\/\/|mailto:)[^|\s]+(\|[^|]*)?$/.test(inner)) return match;
      if (inner.startsWith('!')) return inertSpecialMention(inner);
      return `&lt;${escapeAmpersands(inner)}&gt;`;
    })
    .replace(/@(channel|here|everyone)\b/gi, '@\u200B$1');
}

/**
 * Only the broadcast and special mentions (`<!channel>`, `<!subteam^…>`) made inert: for text that
 * is already mrkdwn (a usage error quoting what was typed), where links and formatting must stay.
 */
export function inertBroadcasts(text: string): string {
  return text.replace(/<(![^<>]*)>/g, (_match, inner: string) => inertSpecialMention(inner));
}

/** `<!here>` → `@​here`; `<!subteam^S1|@oncall>` → `@​oncall`; `<!date^…|fallback>` → fallback. */
function inertSpecialMention(inner: string): string {
  const [command = '', label] = inner.slice(1).split('|', 2);
  const name = command.split('^', 1)[0]!;
  if (name === 'channel' || name === 'here' || name === 'everyone') return `@\u200B${name}`;
  const shown = (label ?? (name === 'subteam' ? 'a user group' : name)).replace(/^@/, '');
  return escapeAmpersands(name === 'subteam' ? `@\u200B${shown}` : shown).replace(/[<>]/g, '');
}

function escapeAmpersands(text: string): string {
  return text.replace(/&(?!(?:amp|lt|gt);)/g, '&amp;');
}
