import { DEFAULT_SEVERITY, isSeverity, type Severity } from '../domain/severity';
import { SUMMARY_FIELDS, type SummaryField } from '../domain/timeline-entry';
import { UsageError } from '../errors';
import type { IncidentCommand } from './incident-command';
import { MAX_TITLE_LENGTH, requireText } from './parse-incident-command';
import { parseLeadingTime, TIME_FORMATS_HELP, type TimeReading } from './parse-time';

/**
 * What people type into Hotwash's forms (modals), checked by the same rules as the slash
 * command. A form answers with errors per field, so each check names the field it is about.
 */
export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/** A field's text, trimmed; absent when left empty. */
const filled = (text: string | undefined | null) => (text?.trim() ? text.trim() : undefined);

/** Runs each field's check, collecting every field's error rather than stopping at the first. */
function collect<T>(checks: Record<string, () => void>, build: () => T): FormResult<T> {
  const errors: Record<string, string> = {};
  for (const [field, check] of Object.entries(checks)) {
    try {
      check();
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      errors[field] = error.message.replace(/`/g, '');
    }
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: build() };
}

/** A whole field that must be a time (or empty). */
export function parseFormTime(text: string | undefined | null, clock: TimeReading): Date | undefined {
  const typed = filled(text);
  if (!typed) return undefined;
  const { at, rest } = parseLeadingTime(typed, clock);
  if (!at || rest !== '') throw new UsageError(`"${typed}" is not a time I understand. Use ${TIME_FORMATS_HELP}.`);
  return at;
}

export interface DeclareForm {
  title?: string | null;
  severity?: string | null;
  impact?: string | null;
  started?: string | null;
  /** `private` when the box is ticked. */
  private?: string | null;
}

/** The declaration form: a `start` command, and the impact when one was given. */
export function readDeclareForm(form: DeclareForm, clock: TimeReading): FormResult<{ command: IncidentCommand & { name: 'start' }; impact?: string }> {
  let title = '';
  let severity: Severity = DEFAULT_SEVERITY;
  let at: Date | undefined;
  let impact: string | undefined;
  return collect(
    {
      title: () => {
        title = requireText(form.title ?? '', 'start', 'What is happening? Give the incident a title', MAX_TITLE_LENGTH);
      },
      severity: () => {
        if (!form.severity) return;
        if (!isSeverity(form.severity)) throw new UsageError('Pick sev1 to sev4.');
        severity = form.severity;
      },
      impact: () => {
        impact = filled(form.impact) && requireText(form.impact!, 'impact', '');
      },
      started: () => {
        at = parseFormTime(form.started, clock);
      },
    },
    () => ({
      command: { name: 'start', title, severity, ...(at ? { at } : {}), ...(form.private === 'private' ? { private: true } : {}) },
      ...(impact ? { impact } : {}),
    }),
  );
}

export interface NoteForm {
  text?: string | null;
  time?: string | null;
}

/** The status-update form ("Post an update" on the reminder). */
export function readUpdateForm(form: { text?: string | null }): FormResult<IncidentCommand & { name: 'update' }> {
  let text = '';
  return collect(
    {
      text: () => {
        text = requireText(form.text ?? '', 'update', 'Where do things stand? Write the update');
      },
    },
    () => ({ name: 'update', text }),
  );
}

export function readNoteForm(form: NoteForm, clock: TimeReading): FormResult<IncidentCommand & { name: 'note' }> {
  let text = '';
  let at: Date | undefined;
  return collect(
    {
      text: () => {
        text = requireText(form.text ?? '', 'note', 'What happened? Write the note');
      },
      time: () => {
        at = parseFormTime(form.time, clock);
      },
    },
    () => ({ name: 'note', text, ...(at ? { at } : {}) }),
  );
}

export type SummaryForm = Partial<Record<SummaryField, string | null>>;

/**
 * The "complete the summary" form: one command per field that was filled in and differs from
 * what is recorded already. At least one field must say something.
 */
export function readSummaryForm(form: SummaryForm, recorded: Partial<Record<SummaryField, string>>): FormResult<IncidentCommand[]> {
  const commands: IncidentCommand[] = [];
  const checks: Record<string, () => void> = {};
  for (const field of SUMMARY_FIELDS) {
    checks[field] = () => {
      const typed = filled(form[field]);
      if (typed && typed !== recorded[field]) commands.push({ name: field, text: requireText(typed, field, '') });
    };
  }
  const result = collect(checks, () => commands);
  if (result.ok && !SUMMARY_FIELDS.some((field) => filled(form[field]))) {
    return { ok: false, errors: { impact: 'Fill in at least one of impact, root cause and resolution.' } };
  }
  return result;
}
