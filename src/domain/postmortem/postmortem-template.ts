import { messageOf } from '../../errors';
import Handlebars from 'handlebars';
import { DEFAULT_POSTMORTEM_TEMPLATE } from './default-template';
import type { PostmortemData } from './postmortem-data';

export type PostmortemTemplate = (data: PostmortemData) => string;

/** A template that does not parse; `line` is 1-based when Handlebars says where. */
export class TemplateSyntaxError extends Error {
  constructor(
    readonly source: string,
    readonly line: number | undefined,
    readonly reason: string,
  ) {
    super(`${source}${line ? `:${line}` : ''}: ${reason}`);
    this.name = 'TemplateSyntaxError';
  }
}

/**
 * Compiles a Handlebars postmortem template, parsing it at once (Handlebars would otherwise
 * wait for the first render) so a broken template is found at start-up, not at close.
 */
export function compilePostmortemTemplate(text: string, source = 'default template'): PostmortemTemplate {
  try {
    Handlebars.parse(text);
  } catch (error) {
    const message = messageOf(error);
    const lineNumber = error instanceof Error && 'lineNumber' in error && typeof error.lineNumber === 'number' ? error.lineNumber : undefined;
    const line = lineNumber ?? Number(/on line (\d+)/.exec(message)?.[1]);
    // Handlebars puts the position in the message too ("… - 3:3"); the prefix already says where.
    const reason =
      message
        .split('\n')[0]!
        .replace(/^Parse error on line \d+:?\s*/, 'parse error')
        .replace(/ - \d+:\d+$/, '') || 'parse error';
    const detail = message.split('\n').slice(1).join(' ').replace(/\s+/g, ' ').trim();
    throw new TemplateSyntaxError(source, Number.isFinite(line) ? line : undefined, detail ? `${reason}: ${detail}` : reason);
  }
  // Values are Markdown already; Handlebars' HTML escaping would corrupt them.
  const render = Handlebars.create().compile<Partial<PostmortemData>>(text, { noEscape: true, strict: false });
  // Handlebars compiles on the first render; rendering once now moves that cost to start-up, out of
  // the first close (where it held up other people's commands).
  try {
    render({});
  } catch {
    // A template that fails on empty data fails at the real render too, and is reported there.
  }
  return (data) => render(data);
}

export const defaultPostmortemTemplate: PostmortemTemplate = compilePostmortemTemplate(DEFAULT_POSTMORTEM_TEMPLATE);
