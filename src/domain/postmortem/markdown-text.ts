/**
 * Turns text people typed in Slack into Markdown that reads as they wrote it and cannot
 * change the document's structure: Slack's tokens become names, its escaping is undone, and
 * every character Markdown or HTML would act on is escaped.
 */

/** Looks up a display name; undefined when unknown. */
export type NameOf = (id: string) => string | undefined;

/** Line starts that would open a heading, a list or a setext underline (quotes and fences are inline-escaped). */
const BLOCK_MARKER = /^[#+=-]/;
const ORDERED_MARKER = /^(\d+)([.)])/;
/** A line that may start with either. */
const BLOCK_OR_ORDERED_START = /^[#+=\-\d]/;

/** Control characters, which escapeMarkdownInline drops. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are dropped, which is this pattern's purpose.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const INLINE_SPECIALS = /[\\`*_[\]<>|~]/g;
/** Anything escapeMarkdownInline changes: most lines people type hold none of it. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are among what is looked for.
const ANYTHING_TO_ESCAPE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F&\\`*_[\]<>|~]/;

/** Escapes one line of plain text for use inside a Markdown paragraph or list item. */
export function escapeMarkdownInline(text: string): string {
  // One scan for the common case of nothing to escape, rather than three. Then replacement
  // strings rather than a callback per character: a long postmortem escapes tens of thousands
  // of strings. `&` goes first, and what it adds (`&amp;`) holds nothing to escape.
  if (!ANYTHING_TO_ESCAPE.test(text)) return text;
  return text.replace(CONTROL, '').replace(/&/g, '&amp;').replace(INLINE_SPECIALS, '\\$&');
}

/**
 * Escapes plain text that may span lines, for a list item indented by `indent` spaces. Lines
 * are joined with hard breaks so they stay inside the item; blank lines are dropped because
 * they would end it.
 */
export function escapeMarkdownText(text: string, indent = 2): string {
  return markdownLines(escapeMarkdownInline(text), indent);
}

/**
 * Escaped text as list-item lines: one hard break between lines, blank lines dropped (they would
 * end the item), block markers escaped. Lines end at \n alone: escaping keeps line breaks (\n,
 * \r), and trim() drops a \r left at a line's end. Found with indexOf and joined as they come,
 * which took a 10,000-entry compile about 4 ms less than a split and a join.
 */
function markdownLines(escapedText: string, indent: number): string {
  let markdown = '';
  let lineStart = 0;
  for (;;) {
    const lineFeed = escapedText.indexOf('\n', lineStart);
    const line = escapedText.slice(lineStart, lineFeed === -1 ? escapedText.length : lineFeed).trim();
    if (line !== '') markdown += markdown === '' ? escapedLine(line) : `\\\n${' '.repeat(indent)}${escapedLine(line)}`;
    if (lineFeed === -1) return markdown;
    lineStart = lineFeed + 1;
  }
}

/** One trimmed, escaped line, with a marker that would start a block at its start escaped too. */
function escapedLine(escaped: string): string {
  return BLOCK_OR_ORDERED_START.test(escaped) ? escaped.replace(BLOCK_MARKER, '\\$&').replace(ORDERED_MARKER, '$1\\$2') : escaped;
}

/** Slack's `<…>` tokens and escapes, as readable plain text. */
export function slackToPlainText(typed: string, nameOf: NameOf): string {
  // Each step only where it has something to do: most lines people type hold neither.
  const untokened = withTokensAsText(typed, nameOf);
  return untokened.includes('&') ? untokened.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') : untokened;
}

/** Slack's `<…>` tokens (mentions, channels, links) as the text they read as; Slack's escapes are left as they are. */
function withTokensAsText(typed: string, nameOf: NameOf): string {
  return typed.includes('<') ? typed.replace(/<([^<>]*)>/g, (_token, inner: string) => tokenText(inner, nameOf)) : typed;
}

/** What one `<…>` token reads as. */
function tokenText(inner: string, nameOf: NameOf): string {
  const [target = '', label] = inner.split('|', 2);
  if (/^@[UW][A-Z0-9]+$/.test(target)) return `@${nameOf(target.slice(1)) ?? label ?? target.slice(1)}`;
  if (/^#[CG][A-Z0-9]+$/.test(target)) return `#${label ?? target.slice(1)}`;
  if (target.startsWith('!subteam^')) return label ?? `@${target.slice('!subteam^'.length)}`;
  if (target.startsWith('!date^')) return label ?? '';
  if (target.startsWith('!')) return `@${target.slice(1)}`;
  return label && label !== target ? `${label} (${target})` : target;
}

/** What typed text's ASCII characters become in Markdown (by char code): see slackToMarkdown. */
const KEEP = 0;
const BACKSLASH = 1;
const DROP = 2;
const AMPERSAND = 3;
const ACTION_OF = new Uint8Array(128);
for (let code = 0; code < 0x20; code += 1) ACTION_OF[code] = DROP;
ACTION_OF[0x09] = KEEP; // tab
ACTION_OF[0x0a] = KEEP; // line feed (markdownLines splits lines on it)
ACTION_OF[0x0d] = KEEP; // carriage return
ACTION_OF[0x7f] = DROP;
ACTION_OF[0x26] = AMPERSAND;
for (const special of '\\`*_[]<>|~') ACTION_OF[special.charCodeAt(0)] = BACKSLASH;

/**
 * Typed Slack text → safe Markdown for a list item: escapeMarkdownText(slackToPlainText(typed)),
 * decoded and escaped in one scan of the characters, then cut into lines. A long postmortem
 * converts ten thousand notes: a pattern with a callback per match, then a split and a join, took
 * a 10,000-entry compile to 46 ms where this takes it to 33 (docs/benchmarks.md).
 */
export function slackToMarkdown(typed: string, nameOf: NameOf, indent = 2): string {
  return markdownLines(decodedAndEscaped(withTokensAsText(typed, nameOf)), indent);
}

/** Text with Slack's escapes decoded and escaped again for Markdown, as escapeMarkdownInline(slackToPlainText(…)) would. */
function decodedAndEscaped(text: string): string {
  let out = '';
  let kept = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    const action = code < 128 ? ACTION_OF[code] : KEEP;
    if (action === KEEP) continue;
    out += text.slice(kept, i);
    kept = i + 1;
    if (action === BACKSLASH) out += `\\${text[i]}`;
    else if (action === AMPERSAND) {
      if (text.startsWith('&lt;', i)) {
        out += '\\<';
        kept = i + 4;
      } else if (text.startsWith('&gt;', i)) {
        out += '\\>';
        kept = i + 4;
      } else {
        // `&amp;` stays as it is: decoded to `&`, then escaped back.
        out += '&amp;';
        if (text.startsWith('&amp;', i)) kept = i + 5;
      }
      i = kept - 1;
    }
  }
  return kept === 0 ? text : out + text.slice(kept);
}
