import { escapeMarkdownText, slackToMarkdown, slackToPlainText } from '../../../src/domain/postmortem/markdown-text';

const nameOf = (id: string) => (id === 'UBOB' ? 'Bob *B*' : undefined);

/** Deterministic pseudo-random numbers (mulberry32), so a failure names a text that fails again. */
function randomFrom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Pieces that meet every branch: Slack's escapes (whole, cut short, nested), tokens, Markdown's
// specials, control characters, line breaks and the starts of blocks.
const SLACK_PIECES = ['&lt;', '&gt;', '&amp;', '&amp;lt;', '&l', '&', '<@UBOB>', '<@UX|x>', '<!here>', '<https://a.b|a>'];
const MARKDOWN_PIECES = ['<', '>', '\\', '`', '*', '_', '[', ']', '|', '~', '#', '-', '+', '=', '1.', '2)'];
const TEXT_PIECES = ['\u0000', '\u0007', '\u007f', '\t', '\v', '\f', '\n', '\r\n', ' ', '\u00a0', '\u2028', '\u3000', 'a', 'note', 'é', '😀'];
const PIECES = [...SLACK_PIECES, ...MARKDOWN_PIECES, ...TEXT_PIECES];

describe('slackToMarkdown', () => {
  test('gives what decoding, then escaping, gives, for any mix of escapes, tokens and specials', () => {
    const random = randomFrom(14);
    for (let i = 0; i < 20_000; i += 1) {
      const length = Math.floor(random() * 16);
      const typed = Array.from({ length }, () => PIECES[Math.floor(random() * PIECES.length)]).join('');
      expect([typed, slackToMarkdown(typed, nameOf, 4)]).toEqual([typed, escapeMarkdownText(slackToPlainText(typed, nameOf), 4)]);
    }
  });

  test('decodes Slack escapes once, and escapes what Markdown or HTML would act on', () => {
    expect(slackToMarkdown('a &lt;b&gt; &amp;lt; *c* <@UBOB>', nameOf)).toBe('a \\<b\\> &amp;lt; \\*c\\* @Bob \\*B\\*');
    expect(slackToMarkdown('# one\n\n- two\u0007', nameOf)).toBe('\\# one\\\n  \\- two');
  });

  test('keeps each line inside the list item: trimmed, blank lines dropped, joined by hard breaks', () => {
    const typed = '  first *line*  \r\n\n \t\u00a0\n\u0007  1. second\t';
    expect(slackToMarkdown(typed, nameOf, 4)).toBe('first \\*line\\*\\\n    1\\. second');
    expect(escapeMarkdownText(typed, 4)).toBe('first \\*line\\*\\\n    1\\. second');
    expect(escapeMarkdownText(' \n\t\r\n ')).toBe('');
  });
});
