import { readFileSync } from 'node:fs';
import { ConfigError, messageOf } from '../errors';

/** The text of a file a configuration variable names; a file that cannot be read stops start-up in one line. */
export function readConfigFile(variable: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Configuration error: ${variable} cannot be read: ${messageOf(error)}`);
  }
}
