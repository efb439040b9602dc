import { compilePostmortemTemplate, defaultPostmortemTemplate, TemplateSyntaxError, type PostmortemTemplate } from '../domain/postmortem/postmortem-template';
import { ConfigError } from '../errors';
import { readConfigFile } from './read-config-file';

/** The postmortem template: the team's file when configured (parsed now, so mistakes stop start-up), else the default. */
export function loadPostmortemTemplate(path: string | undefined): PostmortemTemplate {
  if (path === undefined) return defaultPostmortemTemplate;
  const text = readConfigFile('POSTMORTEM_TEMPLATE', path);
  try {
    return compilePostmortemTemplate(text, path);
  } catch (error) {
    if (error instanceof TemplateSyntaxError) throw new ConfigError(`Configuration error: POSTMORTEM_TEMPLATE ${error.message}`);
    throw error;
  }
}
