import type { App } from '@slack/bolt';
import { createIncidentCommandHandler, type IncidentCommandDeps } from './commands/incident-command';

export type ListenerDeps = Omit<IncidentCommandDeps, 'logger'>;

/** Registers every Slack listener Hotwash has. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  app.command('/incident', createIncidentCommandHandler({ ...deps, logger: app.logger }));
}
