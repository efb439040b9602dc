/**
 * Every error Hotwash raises on purpose. Each carries a message written for the person who
 * typed the command: what was wrong and how to do it right.
 */

export abstract class HotwashError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The command text could not be understood. Nothing was stored. */
export class UsageError extends HotwashError {
  readonly code = 'usage';

  /** `subcommand` names the usage line to show with the message, when one applies. */
  constructor(
    message: string,
    readonly subcommand?: string,
  ) {
    super(message);
  }
}

/** The command is understood but the incident's state forbids it (closed, already acknowledged, …). */
export class IncidentRuleError extends HotwashError {
  readonly code = 'rule';
}

/** A command that needs an incident was used outside an incident channel. */
export class NotAnIncidentChannelError extends HotwashError {
  readonly code = 'not_incident_channel';
}

/** Redis did not answer, or answered with an error. */
export class StorageUnavailableError extends HotwashError {
  readonly code = 'storage_unavailable';
}

/**
 * Redis did not confirm a write in time: it may still have happened. Said as such, so nobody is
 * told "nothing was saved" about a command that may yet be carried out.
 */
export class StorageUnconfirmedError extends HotwashError {
  readonly code = 'storage_unconfirmed';

  constructor() {
    super('Redis did not confirm the write in time.');
  }
}

/** Another command changed the incident at the same moment, too many times in a row. */
export class ConcurrentUpdateError extends HotwashError {
  readonly code = 'concurrent_update';
}

/** A Slack Web API call failed after its retries. `slackError` is Slack's own error code. */
export class SlackCallError extends HotwashError {
  readonly code = 'slack_call';

  constructor(
    readonly method: string,
    readonly slackError: string,
    options?: ErrorOptions,
  ) {
    super(`Slack's ${method} failed: ${slackError}`, options);
  }
}

/** The journaled command was carried out already (by another replica, or before a restart). */
export class CommandAlreadyAppliedError extends HotwashError {
  readonly code = 'already_applied';
}

/** Stored data did not match its schema: a bug or a hand edit, never user input. */
export class CorruptRecordError extends HotwashError {
  readonly code = 'corrupt_record';
}

/** The environment does not describe a runnable configuration. */
export class ConfigError extends HotwashError {
  readonly code = 'config';
}

/**
 * A command refused for a reason its message states in full: the incident's rules said no, it
 * needed an incident channel, or the incident kept changing under it. Not Hotwash's failure.
 */
export function isRefusal(error: unknown): error is IncidentRuleError | NotAnIncidentChannelError | ConcurrentUpdateError {
  return error instanceof IncidentRuleError || error instanceof NotAnIncidentChannelError || error instanceof ConcurrentUpdateError;
}
