import type { App, BlockAction, ViewSubmitAction } from '@slack/bolt';
import { errorCode } from '../../errors';
import { ACTION_IDS, VIEW_IDS } from '../interaction-ids';
import {
  type SummaryActionArgs,
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
import {
  type FormSubmissionArgs,
  createDeclareFormHandler,
  createNoteFormHandler,
  createSummaryFormHandler,
  createUpdateFormHandler,
} from './views/incident-forms';

export type { ListenerDeps };

/** Registers every Slack listener Hotwash has. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  app.command('/incident', createIncidentCommandHandler(deps));

  // One listener per kind, dispatching by id: Bolt runs every listener's middleware for every
  // request, and a listener per button and form added to each request, commands included, about
  // a quarter of a bare Bolt app's whole handling (0.1-0.15 ms; docs/benchmarks.md).
  const actions = new Map<string, (args: SummaryActionArgs) => Promise<void>>([
    [ACTION_IDS.acknowledge, createCommandButtonHandler(deps, { name: 'ack' })],
    [ACTION_IDS.acknowledgePage, createPageAcknowledgeHandler(deps)],
    [ACTION_IDS.resolve, createCommandButtonHandler(deps, { name: 'resolve' })],
    [ACTION_IDS.status, createStatusSelectHandler(deps)],
    [ACTION_IDS.addNote, createFormButtonHandler(deps, 'note')],
    [ACTION_IDS.completeSummary, createFormButtonHandler(deps, 'summary')],
    [ACTION_IDS.postUpdate, createFormButtonHandler(deps, 'update')],
    [ACTION_IDS.takeRole, createTakeRoleHandler(deps)],
  ]);
  app.action<BlockAction>(oneOf(actions.keys()), async (args) => actions.get(args.action.action_id)?.(args));

  const forms = new Map<string, (args: FormSubmissionArgs) => Promise<void>>([
    [VIEW_IDS.declare, createDeclareFormHandler(deps)],
    [VIEW_IDS.note, createNoteFormHandler(deps)],
    [VIEW_IDS.completeSummary, createSummaryFormHandler(deps)],
    [VIEW_IDS.update, createUpdateFormHandler(deps)],
  ]);
  app.view<ViewSubmitAction>(oneOf(forms.keys()), async (args) => forms.get(args.view.callback_id)?.(args));

  // One listener for the events too, dispatching by type. Only events are redelivered by id, so
  // only this listener claims one: a command or a click skips the ledger's check altogether.
  const pushpinAdded = createPushpinAddedHandler(deps);
  const pushpinRemoved = createPushpinRemovedHandler(deps);
  const messageSync = createCapturedMessageSyncHandler(deps);
  app.event(/^(?:reaction_added|reaction_removed|message)$/, oncePerEvent(deps.ledger, deps.logger), async ({ event }) => {
    if (event.type === 'reaction_added') await pushpinAdded({ event });
    else if (event.type === 'reaction_removed') await pushpinRemoved({ event });
    else if (event.type === 'message') await messageSync({ event });
  });

  // The one place a failure that no listener answered ends up: logged with its code (Bolt then
  // answers Slack with an error status, so Slack shows the person that the app failed).
  app.error(async (error) => {
    const cause = error.original ?? error;
    deps.logger.error({ err: cause, code: errorCode(cause) }, `a Slack listener failed: ${cause.message}`);
  });
}

/** A pattern matching exactly these ids. */
function oneOf(ids: Iterable<string>): RegExp {
  return new RegExp(`^(?:${[...ids].map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
}
