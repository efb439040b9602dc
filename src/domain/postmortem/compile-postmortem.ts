import { buildPostmortemData, type PostmortemInput } from './postmortem-data';
import { defaultPostmortemTemplate, type PostmortemTemplate } from './postmortem-template';

/** Incident in, Markdown out: the same incident always gives the same bytes. */
export function compilePostmortem(input: PostmortemInput, template: PostmortemTemplate = defaultPostmortemTemplate): string {
  return template(buildPostmortemData(input));
}
