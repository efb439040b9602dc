import { z } from 'zod';
import type { SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { readDeclareForm, readNoteForm, readSummaryForm, readUpdateForm, type FormResult } from '../../../commands/form-input';
import type { FormContext } from '../../messages/modals';
import type { ReplyTarget } from '../../reply';
import type { ListenerDeps } from '../listener-deps';
import { keepThenRun, runAndReply } from '../run-and-reply';

export type FormSubmissionArgs = Pick<SlackViewMiddlewareArgs<ViewSubmitAction>, 'ack' | 'body' | 'view'>;

/** What Slack sends for each input of a form: its block ID → the input's state (values by action ID). */
const submittedValues = z.record(
  z.string(),
  z.record(
    z.string(),
    z
      .object({
        value: z.string().nullish(),
        selected_option: z.object({ value: z.string() }).nullish(),
        selected_options: z.array(z.object({ value: z.string() })).nullish(),
      })
      .nullish(),
  ),
);

/**
 * The fields of a submitted form: each input's block ID → what was typed or chosen (null when
 * empty). A malformed state (a hand-made payload) reads as an empty form, which the form's own
 * checks then refuse field by field.
 */
export function formValues(view: ViewSubmitAction['view']): Record<string, string | null> {
  const parsed = submittedValues.safeParse(view.state?.values);
  const values: Record<string, string | null> = {};
  if (!parsed.success) return values;
  for (const [field, inputs] of Object.entries(parsed.data)) {
    const input = inputs.value;
    values[field] = input?.selected_option?.value ?? input?.selected_options?.[0]?.value ?? input?.value ?? null;
  }
  return values;
}

/** The context Hotwash put into the form it opened; anything else reads as none, and the checks below refuse it. */
const formContext = z.object({ channelId: z.string(), responseUrl: z.string().optional() });

function contextOf(body: ViewSubmitAction): ReplyTarget {
  let raw: unknown;
  try {
    raw = JSON.parse(body.view.private_metadata || '{}');
  } catch {
    raw = undefined;
  }
  const parsed = formContext.safeParse(raw);
  const context: Partial<FormContext> = parsed.success ? parsed.data : {};
  return { userId: body.user.id, channelId: context.channelId ?? '', ...(context.responseUrl ? { responseUrl: context.responseUrl } : {}) };
}

/**
 * Answers a submission: invalid input goes back into the form (`response_action: errors`) and
 * nothing is saved; valid input closes the form and is carried out like the matching command.
 */
async function acceptOrRefuse<T>(ack: FormSubmissionArgs['ack'], result: FormResult<T>): Promise<T | undefined> {
  if (!result.ok) {
    await ack({ response_action: 'errors', errors: result.errors });
    return undefined;
  }
  // Valid: the form closes once what it asks for is kept (keepThenRun acknowledges).
  return result.value;
}

/** The declaration form (`/incident start` with no title). */
export function createDeclareFormHandler(deps: ListenerDeps) {
  return async function handleDeclareForm({ ack, body, view }: FormSubmissionArgs): Promise<void> {
    const form = await acceptOrRefuse(ack, readDeclareForm(formValues(view), { now: deps.service.now(), timeZone: deps.timeZone }));
    if (!form) return;
    await keepThenRun(deps, () => ack(), [form.command], contextOf(body), 'form', body.trigger_id, form.impact ? { impact: form.impact } : {});
  };
}

/** "Add note" on the summary. */
export function createNoteFormHandler(deps: ListenerDeps) {
  return async function handleNoteForm({ ack, body, view }: FormSubmissionArgs): Promise<void> {
    const note = await acceptOrRefuse(ack, readNoteForm(formValues(view), { now: deps.service.now(), timeZone: deps.timeZone }));
    if (!note) return;
    await keepThenRun(deps, () => ack(), [note], contextOf(body), 'form', body.trigger_id);
  };
}

/** "Post an update" on the status-update reminder. */
export function createUpdateFormHandler(deps: ListenerDeps) {
  return async function handleUpdateForm({ ack, body, view }: FormSubmissionArgs): Promise<void> {
    const update = await acceptOrRefuse(ack, readUpdateForm(formValues(view)));
    if (!update) return;
    await keepThenRun(deps, () => ack(), [update], contextOf(body), 'form', body.trigger_id);
  };
}

/**
 * "Complete the summary" after a close: each changed field is recorded as its command would
 * record it, then the draft is compiled and posted again.
 */
export function createSummaryFormHandler(deps: ListenerDeps) {
  return async function handleSummaryForm({ ack, body, view }: FormSubmissionArgs): Promise<void> {
    const target = contextOf(body);
    // What is recorded already is read first, so that only changes are recorded. The form must be
    // answered within Slack's three seconds, so the read gets one; without it every filled field
    // counts as changed, and a Redis that is down is explained by the recording below.
    let recorded = {};
    const incident = await Promise.race([
      deps.service.incident(target.channelId).catch(() => undefined),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 1_000).unref()),
    ]);
    if (incident) recorded = { impact: incident.impact, cause: incident.cause, resolution: incident.resolution };
    const commands = await acceptOrRefuse(ack, readSummaryForm(formValues(view), recorded));
    if (!commands) return;
    const results = await keepThenRun(deps, () => ack(), commands, target, 'form', body.trigger_id);
    // The person has been told why; a draft without their input would only confuse.
    if (results.length < commands.length || results.some(({ outcome }) => outcome !== 'ok' && outcome !== 'partial')) return;
    await runAndReply(deps, { name: 'postmortem' }, target, 'form');
  };
}
