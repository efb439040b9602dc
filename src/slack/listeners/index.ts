import type { App } from '@slack/bolt';
import { errorCode } from '../../errors';
import { ACTION_IDS, VIEW_IDS } from '../interaction-ids';
import {
  createCommandButtonHandler,
  createFormButtonHandler,
  createPageAcknowledgeHandler,
  createStatusSelectHandler,
  createTakeRoleHandler,
} from './actions/summary-actions';
import { createIncidentCommandHandler } from './commands/incident-command';
import { createCapturedMessageSyncHandler } from './events/captured-message-sync';
import { createPushpinAddedHandler, createPushpinRemovedHandler } from './events/pushpin-reactions';
import type { ListenerDeps } from './listener-deps';
import { oncePerEvent } from './middleware/once-per-event';
import { createDeclareFormHandler, createNoteFormHandler, createSummaryFormHandler, createUpdateFormHandler } from './views/incident-forms';

export type { ListenerDeps };

/** Registers every Slack listener Hotwash has. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  app.use(oncePerEvent(deps.ledger, deps.logger));

  app.command('/incident', createIncidentCommandHandler(deps));

  app.action(ACTION_IDS.acknowledge, createCommandButtonHandler(deps, { name: 'ack' }));
  app.action(ACTION_IDS.acknowledgePage, createPageAcknowledgeHandler(deps));
  app.action(ACTION_IDS.resolve, createCommandButtonHandler(deps, { name: 'resolve' }));
  app.action(ACTION_IDS.status, createStatusSelectHandler(deps));
  app.action(ACTION_IDS.addNote, createFormButtonHandler(deps, 'note'));
  app.action(ACTION_IDS.completeSummary, createFormButtonHandler(deps, 'summary'));
  app.action(ACTION_IDS.postUpdate, createFormButtonHandler(deps, 'update'));
  app.action(ACTION_IDS.takeRole, createTakeRoleHandler(deps));

  app.view(VIEW_IDS.declare, createDeclareFormHandler(deps));
  app.view(VIEW_IDS.note, createNoteFormHandler(deps));
  app.view(VIEW_IDS.completeSummary, createSummaryFormHandler(deps));
  app.view(VIEW_IDS.update, createUpdateFormHandler(deps));

  app.event('reaction_added', createPushpinAddedHandler(deps));
  app.event('reaction_removed', createPushpinRemovedHandler(deps));
  app.event('message', createCapturedMessageSyncHandler(deps));

  // The one place a failure that no listener answered ends up: logged with its code (Bolt then
  // answers Slack with an error status, so Slack shows the person that the app failed).
  app.error(async (error) => {
    const cause = error.original ?? error;
    deps.logger.error({ err: cause, code: errorCode(cause) }, `a Slack listener failed: ${cause.message}`);
  });
}
