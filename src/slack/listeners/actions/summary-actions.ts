import { z } from 'zod';
import type { BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { IncidentCommand } from '../../../commands/incident-command';
import { isIncidentStatus, INCIDENT_STATUSES } from '../../../domain/incident-status';
import { failureOutcome } from '../../../observability/command-observer';
import { explainFailure } from '../../explain-failure';
import { noteModal, summaryModal, updateModal, type FormContext } from '../../messages/modals';
import type { ReplyTarget } from '../../reply';
import type { ListenerDeps } from '../listener-deps';
import { keepThenRun } from '../run-and-reply';

export type SummaryActionArgs = Pick<SlackActionMiddlewareArgs<BlockAction>, 'ack' | 'body' | 'action'>;

/** Who clicked, where, and where to answer them. */
function targetOf(body: BlockAction): ReplyTarget {
  return {
    userId: body.user.id,
    channelId: body.channel?.id ?? body.container?.channel_id ?? '',
    ...(body.response_url ? { responseUrl: body.response_url } : {}),
  };
}

/** A button that stands for a command: it runs that command, through the same code. */
export function createCommandButtonHandler(deps: ListenerDeps, command: IncidentCommand) {
  return async function handleCommandButton({ ack, body }: SummaryActionArgs): Promise<void> {
    await keepThenRun(deps, () => ack(), [command], targetOf(body), 'button', body.trigger_id);
  };
}

/** "Update status": the select on the summary, the same as `/incident status <value>`. */
export function createStatusSelectHandler(deps: ListenerDeps) {
  return async function handleStatusSelect({ ack, body, action }: SummaryActionArgs): Promise<void> {
    const value = action.type === 'static_select' ? action.selected_option?.value : undefined;
    const target = targetOf(body);
    if (!value || !isIncidentStatus(value)) {
      await ack();
      // Only a hand-made payload gets here: Slack sends one of the options the summary offers.
      await deps.replier.tell(target, `"${value ?? ''}" is not a status. Pick one of ${INCIDENT_STATUSES.join(', ')}.`).catch(() => undefined);
      return;
    }
    await keepThenRun(deps, () => ack(), [{ name: 'status', status: value }], target, 'button', body.trigger_id);
  };
}

/** Buttons that open a form about the incident ("Add note", "Complete the summary"). */
export function createFormButtonHandler(deps: ListenerDeps, form: 'note' | 'summary' | 'update') {
  return async function handleFormButton({ ack, body }: SummaryActionArgs): Promise<void> {
    await ack();
    const target = targetOf(body);
    const context: FormContext = { channelId: target.channelId, ...(target.responseUrl ? { responseUrl: target.responseUrl } : {}) };
    try {
      const incident = await deps.service.incident(target.channelId);
      const view =
        form === 'note' ? noteModal(context, incident, deps.timeZone) : form === 'update' ? updateModal(context, incident) : summaryModal(context, incident);
      await deps.slack.call('views.open', (client) => client.views.open({ trigger_id: body.trigger_id, view }));
    } catch (error) {
      if (failureOutcome(error) !== 'refused') deps.logger.error({ err: error }, `could not open the ${form} form`);
      await deps.replier.tell(target, explainFailure(error)).catch(() => undefined);
    }
  };
}

const pageValue = z.string().regex(/^[CG][A-Z0-9]{2,}$/);

/**
 * "Acknowledge" on a page, in the channel or in a paged person's direct message: `/incident ack`
 * for the incident whose channel the button names, answered to whoever clicked.
 */
export function createPageAcknowledgeHandler(deps: ListenerDeps) {
  return async function handlePageAcknowledge({ ack, body, action }: SummaryActionArgs): Promise<void> {
    const channel = pageValue.safeParse(action.type === 'button' ? action.value : undefined);
    const clicked = targetOf(body);
    if (!channel.success) {
      await ack();
      await deps.replier.tell(clicked, 'This button does not name an incident channel.').catch(() => undefined);
      return;
    }
    const target: ReplyTarget = { ...clicked, channelId: channel.data };
    const results = await keepThenRun(deps, () => ack(), [{ name: 'ack' }], target, 'button', body.trigger_id);
    if (results[0]?.outcome === 'ok') {
      await deps.replier.tell(target, `:white_check_mark: You acknowledged the incident in <#${channel.data}>: paging has stopped.`).catch(() => undefined);
    }
  };
}

/** "Take a role" on the summary: the clicker takes the role picked, as `/incident role <role> @me`. */
export function createTakeRoleHandler(deps: ListenerDeps) {
  return async function handleTakeRole({ ack, body, action }: SummaryActionArgs): Promise<void> {
    const role = action.type === 'static_select' ? action.selected_option?.value : undefined;
    const target = targetOf(body);
    if (!role || !/^[a-z][a-z0-9_-]{0,30}$/.test(role)) {
      await ack();
      await deps.replier.tell(target, 'That is not a role.').catch(() => undefined);
      return;
    }
    await keepThenRun(deps, () => ack(), [{ name: 'role', role, userId: target.userId }], target, 'button', body.trigger_id);
  };
}
