import { isIncidentStatus, INCIDENT_STATUSES } from '../domain/incident-status';
import { DEFAULT_SEVERITY, SEVERITIES, type Severity } from '../domain/severity';
import { withoutControlCharacters } from '../domain/plain-text';
import { UsageError } from '../errors';
import type { IncidentCommand } from './incident-command';
import { parseDuration } from '../domain/escalation/duration';
import { MISPLACED_TIME, parseLeadingTime, type TimeReading } from './parse-time';
import { isKnownSubcommand, SUBCOMMAND_NAMES } from './usage';

export const MAX_TITLE_LENGTH = 150;
export const MAX_TEXT_LENGTH = 3000;

// Slack sends mentions escaped when the command has should_escape: <@U123|name>.
const USER_MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>$/;
/** sev1, SEV-1, P1: what a severity looks like anywhere. */
const SEVERITY_WORD = /^(?:sev-?|p)([1-4])$/i;
/** After `sev`, a bare digit is a severity too; at the start of a title it is a word ("1 of 3 replicas"). */
const BARE_SEVERITY = /^([1-4])$/;

const ALIASES: Record<string, IncidentCommand['name']> = {
  declare: 'start',
  severity: 'sev',
  acknowledge: 'ack',
  page: 'escalate',
  rca: 'cause',
  todo: 'task',
  pm: 'postmortem',
};

/** Room for the subcommand, a time and an owner around the longest text a command takes. */
export const MAX_COMMAND_LENGTH = MAX_TEXT_LENGTH + 200;

/**
 * Words people bring from other incident tools that mean something else here, or more than one
 * thing: they get a "did you mean" instead of a guess.
 */
const FOREIGN_WORDS: Record<string, string> = {
  open: 'Did you mean `/incident start <title>` to open an incident, or `/incident list` to see the open ones?',
  new: 'Did you mean `/incident start <title>`?',
  create: 'Did you mean `/incident start <title>`?',
  comment: 'Did you mean `/incident note <text>`?',
  assign: 'Did you mean `/incident lead @someone`?',
  commander: 'Did you mean `/incident lead @someone`?',
  mitigate: 'Did you mean `/incident status monitoring`, or `/incident resolve` once service is restored?',
};

/** Understands the text after `/incident`; throws UsageError saying what is wrong. */
export function parseIncidentCommand(text: string, clock: TimeReading): IncidentCommand {
  try {
    return parseCommand(text, clock);
  } catch (error) {
    // A time that could not be read is explained with its own command's usage line, not the whole help.
    if (error instanceof UsageError && error.subcommand === undefined) {
      const name = commandName(text);
      if (name && isKnownSubcommand(name)) throw new UsageError(error.message, name);
    }
    throw error;
  }
}

function commandName(text: string): string | undefined {
  const [head] = splitFirstWord(text.trim());
  const word = head.toLowerCase();
  return ALIASES[word] ?? word;
}

function parseCommand(text: string, clock: TimeReading): IncidentCommand {
  // Length first: nothing below runs on text longer than any command can be.
  if (text.length > MAX_COMMAND_LENGTH) {
    throw new UsageError(
      `That is ${text.length.toLocaleString('en-US')} characters; the limit is ${MAX_TEXT_LENGTH.toLocaleString('en-US')}. Split it into several entries.`,
    );
  }
  const trimmed = text.trim();
  if (trimmed === '') return { name: 'help' };
  const [head, rest] = splitFirstWord(trimmed);
  const word = head.toLowerCase();
  const name = ALIASES[word] ?? word;

  switch (name) {
    case 'start':
      return parseStart(rest, clock);
    case 'note': {
      const { at, rest: body } = parseLeadingTime(rest, clock);
      return withAt({ name: 'note', text: requireText(body, 'note', 'What happened? Give the note text') }, at);
    }
    case 'subscribe':
    case 'unsubscribe': {
      const id = /^#?(\d{1,9})$/.exec(rest);
      if (rest !== '' && !id) throw new UsageError(`"${rest}" is not an incident number, like \`/incident ${name} 12\`.`, name);
      return id ? { name, incidentId: id[1]! } : { name };
    }
    case 'update':
      return { name: 'update', text: requireText(rest, 'update', 'What should stakeholders hear? Give the update text') };
    case 'status': {
      const status = rest.toLowerCase();
      if (!isIncidentStatus(status)) {
        throw new UsageError(
          rest === ''
            ? `Which status? Pick one of ${INCIDENT_STATUSES.join(', ')}.`
            : `"${rest}" is not a status. Pick one of ${INCIDENT_STATUSES.join(', ')} (details go in \`/incident note\`).`,
          'status',
        );
      }
      return { name: 'status', status };
    }
    case 'sev': {
      const severity = parseSeverity(rest, { bare: true });
      if (!severity) {
        throw new UsageError(rest === '' ? 'Which severity? Pick sev1 to sev4.' : `"${rest}" is not a severity. Pick sev1 to sev4.`, 'sev');
      }
      return { name: 'sev', severity };
    }
    case 'role': {
      const [role, who] = splitFirstWord(rest);
      const name = role.toLowerCase() === 'lead' ? 'commander' : role.toLowerCase();
      if (!/^[a-z][a-z0-9_-]{0,30}$/.test(name))
        throw new UsageError(rest === '' ? 'Which role? Like `/incident role scribe @alex`.' : `"${role}" is not a role name.`, 'role');
      if (who === '') return { name: 'role', role: name };
      const mention = USER_MENTION.exec(who);
      if (!mention) throw new UsageError(`"${who}" is not a Slack user I can see. Mention exactly one person with @.`, 'role');
      return { name: 'role', role: name, userId: mention[1]! };
    }
    case 'lead': {
      const mention = USER_MENTION.exec(rest);
      if (!mention) {
        throw new UsageError(
          rest === ''
            ? 'Who should lead? Mention them, like `/incident lead @alex`.'
            : `"${rest}" is not a Slack user I can see. Mention exactly one person with @ so Slack links them.`,
          'lead',
        );
      }
      return { name: 'lead', userId: mention[1]! };
    }
    case 'impact':
    case 'cause':
    case 'resolution':
      return { name, text: requireText(rest, name, `The ${name} needs some text`) };
    case 'fix':
      return { name: 'fix', text: requireText(rest, 'fix', 'What should be improved? Give the fix text') };
    case 'task': {
      // The owner is a mention at the very end: found from the last "<@", not by a pattern run at
      // every position (which backtracks quadratically on long runs of spaces).
      const last = rest.lastIndexOf('<@');
      const owner = last >= 0 ? USER_MENTION.exec(rest.slice(last)) : null;
      const body = owner ? rest.slice(0, last) : rest;
      const task = requireText(body, 'task', 'What is the task? Give its text (and optionally @owner last)');
      return owner ? { name: 'task', text: task, ownerId: owner[1]! } : { name: 'task', text: task };
    }
    case 'resolve': {
      const { at, rest: extra } = parseLeadingTime(rest, clock);
      if (extra !== '') {
        throw new UsageError(`\`resolve\` takes only an optional time. Record how it was fixed with \`/incident resolution ${extra}\`.`, 'resolve');
      }
      return withAt({ name: 'resolve' }, at);
    }
    case 'oncall':
      return rest === '' ? { name: 'oncall' } : parseCover(rest);
    case 'ack':
    case 'escalate':
    case 'close':
    case 'timeline':
    case 'followups':
    case 'postmortem':
    case 'list':
    case 'help':
      if (rest !== '') {
        throw new UsageError(`\`${name}\` takes no arguments. Add details with \`/incident note <text>\`.`, name);
      }
      return { name };
    default:
      throw new UsageError(`I don't know the subcommand "${head}".${didYouMean(word)}`);
  }
}

/** The longest cover one command may give: a week. Longer absences belong in the schedule's overrides. */
const MAX_COVER_MS = 7 * 24 * 3_600_000;

function parseCover(rest: string): IncidentCommand {
  const [word, args] = splitFirstWord(rest);
  if (word.toLowerCase() !== 'cover') throw new UsageError(`\`oncall\` takes nothing, or \`cover <schedule> <duration> [@user]\`.`, 'oncall');
  const parts = args.split(/\s+/).filter(Boolean);
  const [schedule, duration, who, ...extra] = parts;
  if (!schedule || !duration) throw new UsageError('Which schedule, and for how long? Like `/incident oncall cover primary 2h`.', 'oncall');
  const durationMs = parseDuration(duration);
  if (durationMs === undefined) throw new UsageError(`"${duration}" is not a duration. Use 30m, 2h or 1h30m.`, 'oncall');
  if (durationMs > MAX_COVER_MS) throw new UsageError("A cover lasts a week at most; longer ones belong in the schedule's overrides.", 'oncall');
  const mention = who ? USER_MENTION.exec(who) : null;
  if ((who && !mention) || extra.length) throw new UsageError('Name one person with @, or nobody to cover yourself.', 'oncall');
  return mention
    ? { name: 'oncallCover', schedule: schedule.toLowerCase(), durationMs, userId: mention[1]! }
    : { name: 'oncallCover', schedule: schedule.toLowerCase(), durationMs };
}

function parseStart(rest: string, clock: TimeReading): IncidentCommand {
  let severity: Severity | undefined;
  let at: Date | undefined;
  // `start private …`: a private incident. The word comes first, before severity and time.
  const [firstWord, afterPrivate] = splitFirstWord(rest);
  const isPrivate = firstWord.toLowerCase() === 'private';
  let remaining = isPrivate ? afterPrivate : rest;
  // Severity and time may come in either order, each at most once.
  for (let i = 0; i < 2; i += 1) {
    const [first, after] = splitFirstWord(remaining);
    const sev = severity ? undefined : parseSeverity(first);
    if (sev) {
      severity = sev;
      remaining = after;
      continue;
    }
    if (!at) {
      const time = parseLeadingTime(remaining, clock);
      if (time.at) {
        at = time.at;
        remaining = time.rest;
        continue;
      }
    }
    break;
  }
  if (remaining.trim() === '') {
    return { name: 'startForm', ...(severity ? { severity } : {}), ...(at ? { at } : {}), ...(isPrivate ? { private: true } : {}) };
  }
  const misplaced = at ? undefined : MISPLACED_TIME.exec(remaining);
  if (misplaced) {
    // "start sev2 DB down yesterday 23:50": the time would silently become part of the title.
    throw new UsageError(
      `"${misplaced[1]}" looks like when it started, but a time goes first: \`/incident start ${severity ?? 'sev3'} ${misplaced[1]} <title>\`.`,
      'start',
    );
  }
  const title = requireText(remaining, 'start', 'What is happening? Give the incident a title', MAX_TITLE_LENGTH);
  return withAt({ name: 'start', severity: severity ?? DEFAULT_SEVERITY, title, ...(isPrivate ? { private: true } : {}) }, at);
}

function parseSeverity(word: string, { bare }: { bare: boolean } = { bare: false }): Severity | undefined {
  const trimmed = word.trim();
  const match = SEVERITY_WORD.exec(trimmed) ?? (bare ? BARE_SEVERITY.exec(trimmed) : null);
  return match ? SEVERITIES.find((severity) => severity === `sev${match[1]}`) : undefined;
}

export function requireText(text: string, subcommand: string, missing: string, limit = MAX_TEXT_LENGTH): string {
  const trimmed = withoutControlCharacters(text).trim();
  if (trimmed === '') throw new UsageError(`${missing}.`, subcommand);
  if (trimmed.length > limit) {
    throw new UsageError(
      `That is ${trimmed.length.toLocaleString('en-US')} characters; the limit is ${limit.toLocaleString('en-US')}. ` +
        (subcommand === 'start' ? 'Use a shorter title and put details in a note.' : 'Split it into several entries.'),
      subcommand,
    );
  }
  return trimmed;
}

function splitFirstWord(text: string): [string, string] {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(text.trim());
  return match ? [match[1]!, match[2]!.trim()] : ['', ''];
}

function withAt<T extends object>(command: T, at: Date | undefined): T & { at?: Date } {
  return at ? { ...command, at } : command;
}

/** " Did you mean …?" for a word from another tool, or a near miss of a subcommand; empty when none is close. */
function didYouMean(word: string): string {
  const foreign = FOREIGN_WORDS[word];
  if (foreign) return ` ${foreign}`;
  const near = SUBCOMMAND_NAMES.filter((name) => editDistance(word, name) <= (name.length > 4 ? 2 : 1));
  return near.length ? ` Did you mean ${near.map((name) => `\`/incident ${name}\``).join(' or ')}?` : '';
}

/** Levenshtein distance; words here are short (a subcommand is at most 10 letters). */
function editDistance(a: string, b: string): number {
  if (a.length > 20) return Number.POSITIVE_INFINITY;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
