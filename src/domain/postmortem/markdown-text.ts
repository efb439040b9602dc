/**
 * Turns text people typed in Slack into Markdown that reads as they wrote it and cannot
 * change the document's structure: Slack's tokens become names, its escaping is undone, and
 * every character Markdown or HTML would act on is escaped.
 */

/** Looks up a display name; undefined when unknown. */
export type NameOf = (id: string) => string | undefined;

/** Characters with inline meaning in CommonMark/GFM (emphasis, code, links, HTML, tables, strikethrough). */
const INLINE_SPECIAL = /^[\\`*_[\]<>|~]$/;
/** Line starts that would open a heading, a list or a setext underline (quotes and fences are inline-escaped). */
const BLOCK_MARKER = /^[#+=-]/;
const ORDERED_MARKER = /^(\d+)([.)])/;
/** A line that may start with either. */
const BLOCK_OR_ORDERED_START = /^[#+=\-\d]/;

/** What escapeMarkdownInline acts on: control characters (dropped), `&`, and INLINE_SPECIAL (escaped). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are dropped, which is this pattern's purpose.
const INLINE_ACTED_ON = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F&\\`*_[\]<>|~]/g;

function escapeInlineCharacter(c: string): string {
  if (c === '&') return '&amp;';
  return INLINE_SPECIAL.test(c) ? `\\${c}` : '';
}

/** Escapes one line of plain text for use inside a Markdown paragraph or list item. */
export function escapeMarkdownInline(text: string): string {
  // One pass: a long postmortem escapes tens of thousands of strings.
  return text.replace(INLINE_ACTED_ON, escapeInlineCharacter);
}

/**
 * Escapes plain text that may span lines, for a list item indented by `indent` spaces. Lines
 * are joined with hard breaks so they stay inside the item; blank lines are dropped because
 * they would end it.
 */
export function escapeMarkdownText(text: string, indent = 2): string {
  const lines: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    const escaped = escapeMarkdownInline(line);
    lines.push(BLOCK_OR_ORDERED_START.test(escaped) ? escaped.replace(BLOCK_MARKER, '\\$&').replace(ORDERED_MARKER, '$1\\$2') : escaped);
  }
  return lines.join(`\\\n${' '.repeat(indent)}`);
}

/** Slack's `<…>` tokens and escapes, as readable plain text. */
export function slackToPlainText(typed: string, nameOf: NameOf): string {
  if (!typed.includes('<') && !typed.includes('&')) return typed;
  return typed
    .replace(/<([^<>]*)>/g, (_token, inner: string) => {
      const [target = '', label] = inner.split('|', 2);
      if (/^@[UW][A-Z0-9]+$/.test(target)) return `@${nameOf(target.slice(1)) ?? label ?? target.slice(1)}`;
      if (/^#[CG][A-Z0-9]+$/.test(target)) return `#${label ?? target.slice(1)}`;
      if (target.startsWith('!subteam^')) return label ?? `@${target.slice('!subteam^'.length)}`;
      if (target.startsWith('!date^')) return label ?? '';
      if (target.startsWith('!')) return `@${target.slice(1)}`;
      return label && label !== target ? `${label} (${target})` : target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Typed Slack text → safe Markdown for a list item. */
export function slackToMarkdown(typed: string, nameOf: NameOf, indent = 2): string {
  return escapeMarkdownText(slackToPlainText(typed, nameOf), indent);
}
