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
    const e = error as { message: string; lineNumber?: number };
    const line = e.lineNumber ?? Number(/on line (\d+)/.exec(e.message)?.[1]) ?? undefined;
    // Handlebars puts the position in the message too ("… - 3:3"); the prefix already says where.
    const reason =
      e.message
        .split('\n')[0]!
        .replace(/^Parse error on line \d+:?\s*/, 'parse error')
        .replace(/ - \d+:\d+$/, '') || 'parse error';
    const detail = e.message.split('\n').slice(1).join(' ').replace(/\s+/g, ' ').trim();
    throw new TemplateSyntaxError(source, Number.isFinite(line) ? line : undefined, detail ? `${reason}: ${detail}` : reason);
  }
  // Values are Markdown already; Handlebars' HTML escaping would corrupt them.
  const render = Handlebars.create().compile<PostmortemData>(text, { noEscape: true, strict: false });
  return (data) => render(data);
}

export const defaultPostmortemTemplate: PostmortemTemplate = compilePostmortemTemplate(DEFAULT_POSTMORTEM_TEMPLATE);
