import type { InputBlock, KnownBlock, ModalView, PlainTextElement, PlainTextOption } from '@slack/types';
import { MAX_TEXT_LENGTH, MAX_TITLE_LENGTH } from '../../commands/parse-incident-command';
import { formatTypeable } from '../../domain/format-time';
import type { Incident } from '../../domain/incident';
import { DEFAULT_SEVERITY, SEVERITIES, type Severity } from '../../domain/severity';
import { VIEW_IDS } from '../interaction-ids';

/** What a form needs to remember between opening and submission: where to act and where to answer. */
export interface FormContext {
  channelId: string;
  /** The response_url of the command or click that opened the form; answers go there. */
  responseUrl?: string;
}

const plain = (text: string): PlainTextElement => ({ type: 'plain_text', text });
const severityOption = (severity: Severity): PlainTextOption => ({ text: plain(severity), value: severity });

/** Every input's element has the action ID `value`; the block ID names the field. */
function textInput(
  field: string,
  label: string,
  options: { multiline?: boolean; optional?: boolean; initial?: string; placeholder?: string; hint?: string; maxLength?: number } = {},
): InputBlock {
  return {
    type: 'input',
    block_id: field,
    optional: options.optional ?? false,
    label: plain(label),
    ...(options.hint ? { hint: plain(options.hint) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: 'value',
      multiline: options.multiline ?? false,
      ...(options.initial ? { initial_value: options.initial } : {}),
      ...(options.placeholder ? { placeholder: plain(options.placeholder) } : {}),
      max_length: options.maxLength ?? MAX_TEXT_LENGTH,
    },
  };
}

function modal(callbackId: string, title: string, submit: string, context: FormContext, blocks: KnownBlock[]): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(title),
    submit: plain(submit),
    close: plain('Cancel'),
    private_metadata: JSON.stringify(context),
    blocks,
  };
}

const timeHint = (timeZone: string) => `Optional. HH:MM, h:mm am/pm or YYYY-MM-DD HH:MM, in ${timeZone}. Empty means now.`;

/** `/incident start` with no title: the declaration form. */
export function declareModal(context: FormContext, timeZone: string, prefill: { severity?: Severity; at?: Date; private?: boolean } = {}) {
  const privately = { text: plain('Private: only the people in its channel see anything of it'), value: 'private' };
  return modal(VIEW_IDS.declare, 'Declare an incident', 'Declare', context, [
    textInput('title', 'What is happening?', { placeholder: 'Checkout returns 500s', maxLength: MAX_TITLE_LENGTH }),
    {
      type: 'input',
      block_id: 'severity',
      label: plain('Severity'),
      element: {
        type: 'static_select',
        action_id: 'value',
        options: SEVERITIES.map(severityOption),
        initial_option: severityOption(prefill.severity ?? DEFAULT_SEVERITY),
      },
    },
    textInput('impact', 'Impact', { multiline: true, optional: true, placeholder: 'Who or what is affected, as far as you know' }),
    textInput('started', 'Started at', {
      optional: true,
      initial: prefill.at ? formatTypeable(prefill.at, timeZone) : undefined,
      hint: timeHint(timeZone),
    }),
    {
      type: 'input',
      block_id: 'private',
      optional: true,
      label: plain('Visibility'),
      element: { type: 'checkboxes', action_id: 'value', options: [privately], ...(prefill.private ? { initial_options: [privately] } : {}) },
    },
  ]);
}

/** "Add note" on the summary. */
export function noteModal(context: FormContext, incident: Incident, timeZone: string) {
  return modal(VIEW_IDS.note, `Note on #${incident.id}`.slice(0, 24), 'Add note', context, [
    textInput('text', 'What happened?', { multiline: true }),
    textInput('time', 'When', { optional: true, hint: timeHint(timeZone) }),
  ]);
}

/** "Post an update" on the reminder: the text stakeholders will read. */
export function updateModal(context: FormContext, incident: Incident) {
  return modal(VIEW_IDS.update, `Update on #${incident.id}`.slice(0, 24), 'Post update', context, [
    textInput('text', 'Where do things stand?', { multiline: true, placeholder: 'What is affected, what is being done, when to expect the next update' }),
  ]);
}

/** "Complete the summary" after a close: impact, cause and resolution, prefilled with what is known. */
export function summaryModal(context: FormContext, incident: Incident) {
  return modal(VIEW_IDS.completeSummary, 'Complete the summary', 'Save and redraft', context, [
    textInput('impact', 'Impact', { multiline: true, optional: true, initial: incident.impact, placeholder: 'Who or what was affected, and how badly' }),
    textInput('cause', 'Root cause', { multiline: true, optional: true, initial: incident.cause }),
    textInput('resolution', 'Resolution', { multiline: true, optional: true, initial: incident.resolution, placeholder: 'What restored service' }),
  ]);
}
