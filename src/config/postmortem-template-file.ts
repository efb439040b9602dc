import { readFileSync } from 'node:fs';
import {
  compilePostmortemTemplate,
  defaultPostmortemTemplate,
  TemplateSyntaxError,
  type PostmortemTemplate,
} from '../domain/postmortem/postmortem-template';
import { ConfigError } from '../errors';

/** The postmortem template: the team's file when configured (parsed now, so mistakes stop start-up), else the default. */
export function loadPostmortemTemplate(path: string | undefined): PostmortemTemplate {
  if (path === undefined) return defaultPostmortemTemplate;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Configuration error: POSTMORTEM_TEMPLATE cannot be read: ${(error as Error).message}`);
  }
  try {
    return compilePostmortemTemplate(text, path);
  } catch (error) {
    if (error instanceof TemplateSyntaxError) throw new ConfigError(`Configuration error: POSTMORTEM_TEMPLATE ${error.message}`);
    throw error;
  }
}
